import { MigrationInterface, QueryRunner } from "typeorm";

export class FreeAccessStations1796428861199 implements MigrationInterface {
    name = 'FreeAccessStations1796428861199'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "station_queue_entries" ("id" character varying(36) NOT NULL, "siteId" character varying(36) NOT NULL, "personId" character varying(36), "visitorName" character varying(80), "status" character varying(12) NOT NULL DEFAULT 'waiting', "addedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "addedBy" character varying(36) NOT NULL, "calledAt" TIMESTAMP WITH TIME ZONE, "machineId" character varying(36), "sessionId" character varying(36), "closedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_8b4ab20364bad3e2c4d0a5dddbf" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_f80890c18059de1bb8f09e94e9" ON "station_queue_entries"  ("sessionId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_station_queue_called_machine" ON "station_queue_entries"  ("machineId") WHERE "status" = 'called'`);
        await queryRunner.query(`CREATE INDEX "IDX_b86be298add51dcfec0d0df37c" ON "station_queue_entries"  ("siteId", "status", "addedAt") `);
        await queryRunner.query(`ALTER TABLE "sites" ADD "freeAccessMinutes" integer NOT NULL DEFAULT '60'`);
        await queryRunner.query(`ALTER TABLE "usage_sessions" ALTER COLUMN "personId" DROP NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "usage_sessions" ALTER COLUMN "personId" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "sites" DROP COLUMN "freeAccessMinutes"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_b86be298add51dcfec0d0df37c"`);
        await queryRunner.query(`DROP INDEX "public"."uq_station_queue_called_machine"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_f80890c18059de1bb8f09e94e9"`);
        await queryRunner.query(`DROP TABLE "station_queue_entries"`);
    }

}
