import { MigrationInterface, QueryRunner } from "typeorm";

export class Bookings1796082470835 implements MigrationInterface {
    name = 'Bookings1796082470835'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "bookable_machines" ("machineId" varchar(36) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "slotMinutes" integer NOT NULL DEFAULT (30), "minMinutes" integer NOT NULL DEFAULT (30), "maxMinutes" integer NOT NULL DEFAULT (240), "horizonDays" integer NOT NULL DEFAULT (30), "cancelNoticeMinutes" integer NOT NULL DEFAULT (120), "noShowMinutes" integer NOT NULL DEFAULT (15), "earlyMinutes" integer NOT NULL DEFAULT (10))`);
        await queryRunner.query(`CREATE INDEX "IDX_670d0b1f13a828677c49d3ae6e" ON "bookable_machines" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "bookings" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "machineId" varchar(36) NOT NULL, "personId" varchar(36), "kind" varchar(20) NOT NULL DEFAULT ('booking'), "note" varchar(300) NOT NULL DEFAULT (''), "startsAt" datetime NOT NULL, "endsAt" datetime NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('active'), "createdById" varchar(36) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "cancelledAt" datetime)`);
        await queryRunner.query(`CREATE INDEX "IDX_6ab1de8b5d2af0b0cc9be2ae4a" ON "bookings" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_53df75b99c17a112f9c34b2589" ON "bookings" ("personId") `);
        await queryRunner.query(`CREATE INDEX "IDX_82a7b2dfa3b037e68b744d5c7c" ON "bookings" ("machineId", "startsAt") `);
        await queryRunner.query(`CREATE TABLE "calendar_feeds" ("secret" varchar(64) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36), "machineId" varchar(36))`);
        await queryRunner.query(`CREATE INDEX "IDX_a23436650649a04f3a7863272b" ON "calendar_feeds" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "consumable_uses" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "machineId" varchar(36), "consumable" varchar(80) NOT NULL, "quantity" integer NOT NULL, "usedAt" datetime NOT NULL, "recordedById" varchar(36) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_924b1082c92cba2a5b45af184b" ON "consumable_uses" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_a6dd49e005215616cca3e7c1de" ON "consumable_uses" ("personId") `);
        await queryRunner.query(`CREATE TABLE "booking_opening_hours" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "weekday" integer NOT NULL, "opens" varchar(5) NOT NULL, "closes" varchar(5) NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_09c857e308424eb52ceadd27fd" ON "booking_opening_hours" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "person_categories" ("personId" varchar(36) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "category" varchar(40) NOT NULL, "companyName" varchar(200))`);
        await queryRunner.query(`CREATE INDEX "IDX_2cb41757455ebbe8bcab83397b" ON "person_categories" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "price_lines" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "label" varchar(200) NOT NULL, "machineId" varchar(36), "machineType" varchar(20), "consumable" varchar(80), "category" varchar(40) NOT NULL DEFAULT ('*'), "unit" varchar(10) NOT NULL, "slotMinutes" integer, "unitCents" integer NOT NULL, "vatBasisPoints" integer NOT NULL DEFAULT (2000), "bookingIsMinimum" boolean NOT NULL DEFAULT (0))`);
        await queryRunner.query(`CREATE INDEX "IDX_dc28c271d88f93fcad8e8b9a33" ON "price_lines" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "booking_closures" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "startsOn" varchar(10) NOT NULL, "endsOn" varchar(10) NOT NULL, "reason" varchar(200) NOT NULL DEFAULT (''))`);
        await queryRunner.query(`CREATE INDEX "IDX_8ea651a8907e1f2f53a6b66267" ON "booking_closures" ("siteId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_8ea651a8907e1f2f53a6b66267"`);
        await queryRunner.query(`DROP TABLE "booking_closures"`);
        await queryRunner.query(`DROP INDEX "IDX_dc28c271d88f93fcad8e8b9a33"`);
        await queryRunner.query(`DROP TABLE "price_lines"`);
        await queryRunner.query(`DROP INDEX "IDX_2cb41757455ebbe8bcab83397b"`);
        await queryRunner.query(`DROP TABLE "person_categories"`);
        await queryRunner.query(`DROP INDEX "IDX_09c857e308424eb52ceadd27fd"`);
        await queryRunner.query(`DROP TABLE "booking_opening_hours"`);
        await queryRunner.query(`DROP INDEX "IDX_a6dd49e005215616cca3e7c1de"`);
        await queryRunner.query(`DROP INDEX "IDX_924b1082c92cba2a5b45af184b"`);
        await queryRunner.query(`DROP TABLE "consumable_uses"`);
        await queryRunner.query(`DROP INDEX "IDX_a23436650649a04f3a7863272b"`);
        await queryRunner.query(`DROP TABLE "calendar_feeds"`);
        await queryRunner.query(`DROP INDEX "IDX_82a7b2dfa3b037e68b744d5c7c"`);
        await queryRunner.query(`DROP INDEX "IDX_53df75b99c17a112f9c34b2589"`);
        await queryRunner.query(`DROP INDEX "IDX_6ab1de8b5d2af0b0cc9be2ae4a"`);
        await queryRunner.query(`DROP TABLE "bookings"`);
        await queryRunner.query(`DROP INDEX "IDX_670d0b1f13a828677c49d3ae6e"`);
        await queryRunner.query(`DROP TABLE "bookable_machines"`);
    }

}
