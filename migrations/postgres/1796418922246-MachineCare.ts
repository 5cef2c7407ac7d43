import { MigrationInterface, QueryRunner } from "typeorm";

export class MachineCare1796418922246 implements MigrationInterface {
    name = 'MachineCare1796418922246'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "maintenance_plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "machineId" character varying(36) NOT NULL, "task" character varying(200) NOT NULL, "everyHours" real NOT NULL, "lastDoneAt" TIMESTAMP WITH TIME ZONE NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bc2a330993cedb65505a154ac5d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_d3f7457ea7f1de766088a91575" ON "maintenance_plans"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_42f1fa218340c5472c1e483caa" ON "maintenance_plans"  ("machineId") `);
        await queryRunner.query(`CREATE TABLE "maintenance_records" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "machineId" character varying(36) NOT NULL, "planId" character varying(36), "doneAt" TIMESTAMP WITH TIME ZONE NOT NULL, "doneById" character varying(36) NOT NULL, "what" character varying(1000) NOT NULL, "downtimeMinutes" integer NOT NULL DEFAULT '0', "partsUsed" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_287b838a22e8c8804262ccdb6a1" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_9bb62ecc8075e64fa86a63c05f" ON "maintenance_records"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_cc9b3cc9febd18296e2abb6b7d" ON "maintenance_records"  ("machineId", "doneAt") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_cc9b3cc9febd18296e2abb6b7d"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_9bb62ecc8075e64fa86a63c05f"`);
        await queryRunner.query(`DROP TABLE "maintenance_records"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_42f1fa218340c5472c1e483caa"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_d3f7457ea7f1de766088a91575"`);
        await queryRunner.query(`DROP TABLE "maintenance_plans"`);
    }

}
