import { MigrationInterface, QueryRunner } from "typeorm";

export class BookingChanges1796430430365 implements MigrationInterface {
    name = 'BookingChanges1796430430365'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "booking_changes" ("id" varchar PRIMARY KEY NOT NULL, "bookingId" varchar(36) NOT NULL, "siteId" varchar(36) NOT NULL, "changedById" varchar(36) NOT NULL, "fromStartsAt" datetime NOT NULL, "fromEndsAt" datetime NOT NULL, "toStartsAt" datetime NOT NULL, "toEndsAt" datetime NOT NULL, "priceBeforeCents" integer NOT NULL, "priceAfterCents" integer NOT NULL, "changedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_75cf54822c3083b90b341aa361" ON "booking_changes" ("bookingId") `);
        await queryRunner.query(`CREATE INDEX "IDX_f8f9c29e4657fcd4c68bfc9de0" ON "booking_changes" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "temporary_site_hours_rules" ("siteId" varchar(36) PRIMARY KEY NOT NULL, "badgesAnyTime" boolean NOT NULL DEFAULT (0), "changeCutoffMinutes" integer)`);
        await queryRunner.query(`INSERT INTO "temporary_site_hours_rules"("siteId", "badgesAnyTime") SELECT "siteId", "badgesAnyTime" FROM "site_hours_rules"`);
        await queryRunner.query(`DROP TABLE "site_hours_rules"`);
        await queryRunner.query(`ALTER TABLE "temporary_site_hours_rules" RENAME TO "site_hours_rules"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "site_hours_rules" RENAME TO "temporary_site_hours_rules"`);
        await queryRunner.query(`CREATE TABLE "site_hours_rules" ("siteId" varchar(36) PRIMARY KEY NOT NULL, "badgesAnyTime" boolean NOT NULL DEFAULT (0))`);
        await queryRunner.query(`INSERT INTO "site_hours_rules"("siteId", "badgesAnyTime") SELECT "siteId", "badgesAnyTime" FROM "temporary_site_hours_rules"`);
        await queryRunner.query(`DROP TABLE "temporary_site_hours_rules"`);
        await queryRunner.query(`DROP INDEX "IDX_f8f9c29e4657fcd4c68bfc9de0"`);
        await queryRunner.query(`DROP INDEX "IDX_75cf54822c3083b90b341aa361"`);
        await queryRunner.query(`DROP TABLE "booking_changes"`);
    }

}
