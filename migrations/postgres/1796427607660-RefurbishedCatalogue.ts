import { MigrationInterface, QueryRunner } from "typeorm";

export class RefurbishedCatalogue1796427607660 implements MigrationInterface {
    name = 'RefurbishedCatalogue1796427607660'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "repair_device_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "deviceId" character varying(36) NOT NULL, "name" character varying(120) NOT NULL DEFAULT '', "contact" character varying(200) NOT NULL DEFAULT '', "eligibility" text NOT NULL DEFAULT '[]', "status" character varying(12) NOT NULL DEFAULT 'waiting', "reservedBy" character varying(36), "reservedAt" TIMESTAMP WITH TIME ZONE, "releaseId" character varying(36), "closedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_754f8eea8789f376e8eb77d5ee1" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_f824763568d1d7c5be8063d943" ON "repair_device_requests"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_dccca539cc15a0992b57cf7a37" ON "repair_device_requests"  ("deviceId") `);
        await queryRunner.query(`CREATE INDEX "IDX_e9bf10445b19fb7af6c5dda801" ON "repair_device_requests"  ("status") `);
        await queryRunner.query(`ALTER TABLE "repair_devices" ADD "cpu" character varying(120) NOT NULL DEFAULT ''`);
        await queryRunner.query(`ALTER TABLE "repair_devices" ADD "ramGb" real`);
        await queryRunner.query(`ALTER TABLE "repair_devices" ADD "storageGb" integer`);
        await queryRunner.query(`ALTER TABLE "repair_devices" ADD "storageKind" character varying(10)`);
        await queryRunner.query(`ALTER TABLE "repair_devices" ADD "screenInches" real`);
        await queryRunner.query(`ALTER TABLE "repair_devices" ADD "listedAt" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "repair_devices" ADD "reservedRequestId" character varying(36)`);
        await queryRunner.query(`ALTER TABLE "repair_site_settings" ADD "catalogueOpen" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`CREATE INDEX "IDX_731a45ad74fd29546dd4fbd48c" ON "repair_devices"  ("reservedRequestId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_731a45ad74fd29546dd4fbd48c"`);
        await queryRunner.query(`ALTER TABLE "repair_site_settings" DROP COLUMN "catalogueOpen"`);
        await queryRunner.query(`ALTER TABLE "repair_devices" DROP COLUMN "reservedRequestId"`);
        await queryRunner.query(`ALTER TABLE "repair_devices" DROP COLUMN "listedAt"`);
        await queryRunner.query(`ALTER TABLE "repair_devices" DROP COLUMN "screenInches"`);
        await queryRunner.query(`ALTER TABLE "repair_devices" DROP COLUMN "storageKind"`);
        await queryRunner.query(`ALTER TABLE "repair_devices" DROP COLUMN "storageGb"`);
        await queryRunner.query(`ALTER TABLE "repair_devices" DROP COLUMN "ramGb"`);
        await queryRunner.query(`ALTER TABLE "repair_devices" DROP COLUMN "cpu"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_e9bf10445b19fb7af6c5dda801"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_dccca539cc15a0992b57cf7a37"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_f824763568d1d7c5be8063d943"`);
        await queryRunner.query(`DROP TABLE "repair_device_requests"`);
    }

}
