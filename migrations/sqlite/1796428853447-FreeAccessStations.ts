import { MigrationInterface, QueryRunner } from "typeorm";

export class FreeAccessStations1796428853447 implements MigrationInterface {
    name = 'FreeAccessStations1796428853447'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "uq_usage_sessions_open_machine"`);
        await queryRunner.query(`DROP INDEX "IDX_c2e8062a3e75df76ebc06b0a31"`);
        await queryRunner.query(`DROP INDEX "IDX_63497c97d82afa96b4236e53cd"`);
        await queryRunner.query(`DROP INDEX "IDX_ec8da56c5f63981d86ac908361"`);
        await queryRunner.query(`CREATE TABLE "temporary_usage_sessions" ("id" varchar(36) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "machineId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "badgeId" varchar(36), "startedAt" datetime NOT NULL, "until" datetime NOT NULL, "endedAt" datetime, "endReason" varchar(20))`);
        await queryRunner.query(`INSERT INTO "temporary_usage_sessions"("id", "siteId", "machineId", "personId", "badgeId", "startedAt", "until", "endedAt", "endReason") SELECT "id", "siteId", "machineId", "personId", "badgeId", "startedAt", "until", "endedAt", "endReason" FROM "usage_sessions"`);
        await queryRunner.query(`DROP TABLE "usage_sessions"`);
        await queryRunner.query(`ALTER TABLE "temporary_usage_sessions" RENAME TO "usage_sessions"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_usage_sessions_open_machine" ON "usage_sessions" ("machineId") WHERE "endedAt" IS NULL`);
        await queryRunner.query(`CREATE INDEX "IDX_c2e8062a3e75df76ebc06b0a31" ON "usage_sessions" ("personId") `);
        await queryRunner.query(`CREATE INDEX "IDX_63497c97d82afa96b4236e53cd" ON "usage_sessions" ("machineId") `);
        await queryRunner.query(`CREATE INDEX "IDX_ec8da56c5f63981d86ac908361" ON "usage_sessions" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "station_queue_entries" ("id" varchar(36) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36), "visitorName" varchar(80), "status" varchar(12) NOT NULL DEFAULT ('waiting'), "addedAt" datetime NOT NULL, "addedBy" varchar(36) NOT NULL, "calledAt" datetime, "machineId" varchar(36), "sessionId" varchar(36), "closedAt" datetime)`);
        await queryRunner.query(`CREATE INDEX "IDX_f80890c18059de1bb8f09e94e9" ON "station_queue_entries" ("sessionId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_station_queue_called_machine" ON "station_queue_entries" ("machineId") WHERE "status" = 'called'`);
        await queryRunner.query(`CREATE INDEX "IDX_b86be298add51dcfec0d0df37c" ON "station_queue_entries" ("siteId", "status", "addedAt") `);
        await queryRunner.query(`CREATE TABLE "temporary_sites" ("id" varchar PRIMARY KEY NOT NULL, "slug" varchar(63) NOT NULL, "name" varchar(200) NOT NULL, "timezone" varchar(64) NOT NULL DEFAULT ('Europe/Paris'), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "freeAccessMinutes" integer NOT NULL DEFAULT (60), CONSTRAINT "UQ_26503a75e987672fb5af9258cc2" UNIQUE ("slug"))`);
        await queryRunner.query(`INSERT INTO "temporary_sites"("id", "slug", "name", "timezone", "createdAt") SELECT "id", "slug", "name", "timezone", "createdAt" FROM "sites"`);
        await queryRunner.query(`DROP TABLE "sites"`);
        await queryRunner.query(`ALTER TABLE "temporary_sites" RENAME TO "sites"`);
        await queryRunner.query(`DROP INDEX "uq_usage_sessions_open_machine"`);
        await queryRunner.query(`DROP INDEX "IDX_c2e8062a3e75df76ebc06b0a31"`);
        await queryRunner.query(`DROP INDEX "IDX_63497c97d82afa96b4236e53cd"`);
        await queryRunner.query(`DROP INDEX "IDX_ec8da56c5f63981d86ac908361"`);
        await queryRunner.query(`CREATE TABLE "temporary_usage_sessions" ("id" varchar(36) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "machineId" varchar(36) NOT NULL, "personId" varchar(36), "badgeId" varchar(36), "startedAt" datetime NOT NULL, "until" datetime NOT NULL, "endedAt" datetime, "endReason" varchar(20))`);
        await queryRunner.query(`INSERT INTO "temporary_usage_sessions"("id", "siteId", "machineId", "personId", "badgeId", "startedAt", "until", "endedAt", "endReason") SELECT "id", "siteId", "machineId", "personId", "badgeId", "startedAt", "until", "endedAt", "endReason" FROM "usage_sessions"`);
        await queryRunner.query(`DROP TABLE "usage_sessions"`);
        await queryRunner.query(`ALTER TABLE "temporary_usage_sessions" RENAME TO "usage_sessions"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_usage_sessions_open_machine" ON "usage_sessions" ("machineId") WHERE "endedAt" IS NULL`);
        await queryRunner.query(`CREATE INDEX "IDX_c2e8062a3e75df76ebc06b0a31" ON "usage_sessions" ("personId") `);
        await queryRunner.query(`CREATE INDEX "IDX_63497c97d82afa96b4236e53cd" ON "usage_sessions" ("machineId") `);
        await queryRunner.query(`CREATE INDEX "IDX_ec8da56c5f63981d86ac908361" ON "usage_sessions" ("siteId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_ec8da56c5f63981d86ac908361"`);
        await queryRunner.query(`DROP INDEX "IDX_63497c97d82afa96b4236e53cd"`);
        await queryRunner.query(`DROP INDEX "IDX_c2e8062a3e75df76ebc06b0a31"`);
        await queryRunner.query(`DROP INDEX "uq_usage_sessions_open_machine"`);
        await queryRunner.query(`ALTER TABLE "usage_sessions" RENAME TO "temporary_usage_sessions"`);
        await queryRunner.query(`CREATE TABLE "usage_sessions" ("id" varchar(36) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "machineId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "badgeId" varchar(36), "startedAt" datetime NOT NULL, "until" datetime NOT NULL, "endedAt" datetime, "endReason" varchar(20))`);
        await queryRunner.query(`INSERT INTO "usage_sessions"("id", "siteId", "machineId", "personId", "badgeId", "startedAt", "until", "endedAt", "endReason") SELECT "id", "siteId", "machineId", "personId", "badgeId", "startedAt", "until", "endedAt", "endReason" FROM "temporary_usage_sessions"`);
        await queryRunner.query(`DROP TABLE "temporary_usage_sessions"`);
        await queryRunner.query(`CREATE INDEX "IDX_ec8da56c5f63981d86ac908361" ON "usage_sessions" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_63497c97d82afa96b4236e53cd" ON "usage_sessions" ("machineId") `);
        await queryRunner.query(`CREATE INDEX "IDX_c2e8062a3e75df76ebc06b0a31" ON "usage_sessions" ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_usage_sessions_open_machine" ON "usage_sessions" ("machineId") WHERE "endedAt" IS NULL`);
        await queryRunner.query(`ALTER TABLE "sites" RENAME TO "temporary_sites"`);
        await queryRunner.query(`CREATE TABLE "sites" ("id" varchar PRIMARY KEY NOT NULL, "slug" varchar(63) NOT NULL, "name" varchar(200) NOT NULL, "timezone" varchar(64) NOT NULL DEFAULT ('Europe/Paris'), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_26503a75e987672fb5af9258cc2" UNIQUE ("slug"))`);
        await queryRunner.query(`INSERT INTO "sites"("id", "slug", "name", "timezone", "createdAt") SELECT "id", "slug", "name", "timezone", "createdAt" FROM "temporary_sites"`);
        await queryRunner.query(`DROP TABLE "temporary_sites"`);
        await queryRunner.query(`DROP INDEX "IDX_b86be298add51dcfec0d0df37c"`);
        await queryRunner.query(`DROP INDEX "uq_station_queue_called_machine"`);
        await queryRunner.query(`DROP INDEX "IDX_f80890c18059de1bb8f09e94e9"`);
        await queryRunner.query(`DROP TABLE "station_queue_entries"`);
        await queryRunner.query(`DROP INDEX "IDX_ec8da56c5f63981d86ac908361"`);
        await queryRunner.query(`DROP INDEX "IDX_63497c97d82afa96b4236e53cd"`);
        await queryRunner.query(`DROP INDEX "IDX_c2e8062a3e75df76ebc06b0a31"`);
        await queryRunner.query(`DROP INDEX "uq_usage_sessions_open_machine"`);
        await queryRunner.query(`ALTER TABLE "usage_sessions" RENAME TO "temporary_usage_sessions"`);
        await queryRunner.query(`CREATE TABLE "usage_sessions" ("id" varchar(36) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "machineId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "badgeId" varchar(36), "startedAt" datetime NOT NULL, "until" datetime NOT NULL, "endedAt" datetime, "endReason" varchar(20))`);
        await queryRunner.query(`INSERT INTO "usage_sessions"("id", "siteId", "machineId", "personId", "badgeId", "startedAt", "until", "endedAt", "endReason") SELECT "id", "siteId", "machineId", "personId", "badgeId", "startedAt", "until", "endedAt", "endReason" FROM "temporary_usage_sessions"`);
        await queryRunner.query(`DROP TABLE "temporary_usage_sessions"`);
        await queryRunner.query(`CREATE INDEX "IDX_ec8da56c5f63981d86ac908361" ON "usage_sessions" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_63497c97d82afa96b4236e53cd" ON "usage_sessions" ("machineId") `);
        await queryRunner.query(`CREATE INDEX "IDX_c2e8062a3e75df76ebc06b0a31" ON "usage_sessions" ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_usage_sessions_open_machine" ON "usage_sessions" ("machineId") WHERE "endedAt" IS NULL`);
    }

}
