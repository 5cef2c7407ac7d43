import { MigrationInterface, QueryRunner } from "typeorm";

export class CalendarFeedOwners1796319562844 implements MigrationInterface {
    name = 'CalendarFeedOwners1796319562844'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "calendar_settings" ("siteId" varchar(36) PRIMARY KEY NOT NULL, "namesOnStaffFeeds" boolean NOT NULL DEFAULT (0))`);
        await queryRunner.query(`DROP INDEX "IDX_a23436650649a04f3a7863272b"`);
        await queryRunner.query(`CREATE TABLE "temporary_calendar_feeds" ("secret" varchar(64) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36), "machineId" varchar(36), "kind" varchar(12) NOT NULL DEFAULT ('person'), "ownerId" varchar(36), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`INSERT INTO "temporary_calendar_feeds"("secret", "siteId", "personId", "machineId") SELECT "secret", "siteId", "personId", "machineId" FROM "calendar_feeds"`);
        await queryRunner.query(`DROP TABLE "calendar_feeds"`);
        await queryRunner.query(`ALTER TABLE "temporary_calendar_feeds" RENAME TO "calendar_feeds"`);
        await queryRunner.query(`CREATE INDEX "IDX_a23436650649a04f3a7863272b" ON "calendar_feeds" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_6794d47b62c3d7ea115fec1c5d" ON "calendar_feeds" ("ownerId") `);
        // Feeds made before owners were kept: a person's feed belongs to that person; a machine
        // feed was shared by every manager and has no single owner, so it stops (managers ask again).
        await queryRunner.query(`UPDATE "calendar_feeds" SET "kind" = 'person', "ownerId" = "personId" WHERE "personId" IS NOT NULL`);
        await queryRunner.query(`UPDATE "calendar_feeds" SET "kind" = 'machine' WHERE "machineId" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_6794d47b62c3d7ea115fec1c5d"`);
        await queryRunner.query(`DROP INDEX "IDX_a23436650649a04f3a7863272b"`);
        await queryRunner.query(`ALTER TABLE "calendar_feeds" RENAME TO "temporary_calendar_feeds"`);
        await queryRunner.query(`CREATE TABLE "calendar_feeds" ("secret" varchar(64) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36), "machineId" varchar(36))`);
        await queryRunner.query(`INSERT INTO "calendar_feeds"("secret", "siteId", "personId", "machineId") SELECT "secret", "siteId", "personId", "machineId" FROM "temporary_calendar_feeds"`);
        await queryRunner.query(`DROP TABLE "temporary_calendar_feeds"`);
        await queryRunner.query(`CREATE INDEX "IDX_a23436650649a04f3a7863272b" ON "calendar_feeds" ("siteId") `);
        await queryRunner.query(`DROP TABLE "calendar_settings"`);
    }

}
