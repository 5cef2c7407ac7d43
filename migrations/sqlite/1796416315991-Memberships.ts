import { MigrationInterface, QueryRunner } from "typeorm";

export class Memberships1796416315991 implements MigrationInterface {
    name = 'Memberships1796416315991'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "memberships" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "planId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "companyName" varchar(200), "status" varchar(20) NOT NULL DEFAULT ('pending'), "category" varchar(40) NOT NULL, "priceCents" integer NOT NULL, "year" integer, "startsAt" datetime, "endsAt" datetime, "paymentId" varchar(80), "paidAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_8bc39d5d9eb215de7248f381e1" ON "memberships" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_9b5139de55b7990de8ee069b8f" ON "memberships" ("personId") `);
        await queryRunner.query(`CREATE INDEX "IDX_6aaed5e6b9409368fd135b3452" ON "memberships" ("siteId", "endsAt") `);
        await queryRunner.query(`CREATE TABLE "membership_members" ("membershipId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "siteId" varchar(36) NOT NULL, "addedAt" datetime NOT NULL DEFAULT (datetime('now')), PRIMARY KEY ("membershipId", "personId"))`);
        await queryRunner.query(`CREATE INDEX "IDX_468f6096eb1fe43c4a3a72f526" ON "membership_members" ("personId") `);
        await queryRunner.query(`CREATE TABLE "membership_plans" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "name" varchar(120) NOT NULL, "period" varchar(20) NOT NULL, "prices" text NOT NULL, "forCompany" boolean NOT NULL DEFAULT (0), "maxMembers" integer, "active" boolean NOT NULL DEFAULT (1), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_c401573c4e1908225c1652150a" ON "membership_plans" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "membership_reminders" ("membershipId" varchar(36) NOT NULL, "daysBefore" integer NOT NULL, "sentAt" datetime NOT NULL, PRIMARY KEY ("membershipId", "daysBefore"))`);
        await queryRunner.query(`CREATE TABLE "membership_rules" ("siteId" varchar(36) PRIMARY KEY NOT NULL, "requiredToBook" boolean NOT NULL DEFAULT (0), "requiredToUnlock" boolean NOT NULL DEFAULT (0))`);
        await queryRunner.query(`CREATE TABLE "pack_draws" ("id" varchar PRIMARY KEY NOT NULL, "purchaseId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "source" varchar(80) NOT NULL, "minutes" integer NOT NULL, "drawnAt" datetime NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_7a651a2036a884142775843f2f" ON "pack_draws" ("purchaseId") `);
        await queryRunner.query(`CREATE INDEX "IDX_5ac5d960a4fcb74e1dc15ed2a9" ON "pack_draws" ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_be191dd65b8d9176f94486ef70" ON "pack_draws" ("source", "purchaseId") `);
        await queryRunner.query(`CREATE TABLE "pack_offers" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "name" varchar(120) NOT NULL, "machineId" varchar(36), "machineType" varchar(20), "minutes" integer NOT NULL, "priceCents" integer NOT NULL, "vatBasisPoints" integer NOT NULL DEFAULT (0), "validityDays" integer NOT NULL, "active" boolean NOT NULL DEFAULT (1), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_43750aaed5e87fa836a9ce96f9" ON "pack_offers" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "pack_purchases" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "offerId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "name" varchar(120) NOT NULL, "machineId" varchar(36), "machineType" varchar(20), "minutes" integer NOT NULL, "usedMinutes" integer NOT NULL DEFAULT (0), "priceCents" integer NOT NULL, "vatBasisPoints" integer NOT NULL DEFAULT (0), "validityDays" integer NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('pending'), "paymentId" varchar(80), "activatedAt" datetime, "expiresAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_63cddd6f811f10dc15a4f08fba" ON "pack_purchases" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_7d46a3d66a96ff5d7127d24409" ON "pack_purchases" ("personId", "status") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_7d46a3d66a96ff5d7127d24409"`);
        await queryRunner.query(`DROP INDEX "IDX_63cddd6f811f10dc15a4f08fba"`);
        await queryRunner.query(`DROP TABLE "pack_purchases"`);
        await queryRunner.query(`DROP INDEX "IDX_43750aaed5e87fa836a9ce96f9"`);
        await queryRunner.query(`DROP TABLE "pack_offers"`);
        await queryRunner.query(`DROP INDEX "IDX_be191dd65b8d9176f94486ef70"`);
        await queryRunner.query(`DROP INDEX "IDX_5ac5d960a4fcb74e1dc15ed2a9"`);
        await queryRunner.query(`DROP INDEX "IDX_7a651a2036a884142775843f2f"`);
        await queryRunner.query(`DROP TABLE "pack_draws"`);
        await queryRunner.query(`DROP TABLE "membership_rules"`);
        await queryRunner.query(`DROP TABLE "membership_reminders"`);
        await queryRunner.query(`DROP INDEX "IDX_c401573c4e1908225c1652150a"`);
        await queryRunner.query(`DROP TABLE "membership_plans"`);
        await queryRunner.query(`DROP INDEX "IDX_468f6096eb1fe43c4a3a72f526"`);
        await queryRunner.query(`DROP TABLE "membership_members"`);
        await queryRunner.query(`DROP INDEX "IDX_6aaed5e6b9409368fd135b3452"`);
        await queryRunner.query(`DROP INDEX "IDX_9b5139de55b7990de8ee069b8f"`);
        await queryRunner.query(`DROP INDEX "IDX_8bc39d5d9eb215de7248f381e1"`);
        await queryRunner.query(`DROP TABLE "memberships"`);
    }

}
