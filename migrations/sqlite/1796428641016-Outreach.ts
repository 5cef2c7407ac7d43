import { MigrationInterface, QueryRunner } from "typeorm";

export class Outreach1796428641016 implements MigrationInterface {
    name = 'Outreach1796428641016'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "inventory_loans" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "partId" varchar(36) NOT NULL, "locationId" varchar(36) NOT NULL, "quantity" integer NOT NULL, "returnedQuantity" integer NOT NULL DEFAULT (0), "lostQuantity" integer NOT NULL DEFAULT (0), "forRef" varchar(80) NOT NULL, "forLabel" varchar(200) NOT NULL, "lentBy" varchar(36) NOT NULL, "lentAt" datetime NOT NULL DEFAULT (datetime('now')), "closedAt" datetime, "closedBy" varchar(36))`);
        await queryRunner.query(`CREATE INDEX "IDX_a666bfdd2a3c2f2325cf4203df" ON "inventory_loans" ("partId") `);
        await queryRunner.query(`CREATE INDEX "IDX_e4e547995759684e9d45ea4704" ON "inventory_loans" ("forRef") `);
        await queryRunner.query(`CREATE INDEX "IDX_b56484ed985529bb19b84839dd" ON "inventory_loans" ("siteId", "closedAt") `);
        await queryRunner.query(`CREATE TABLE "outreach_signups" ("id" varchar PRIMARY KEY NOT NULL, "stopId" varchar(36) NOT NULL, "siteId" varchar(36) NOT NULL, "name" varchar(120) NOT NULL, "phone" varchar(20), "email" varchar(254), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_20517671d5e4777cccf13e2671" ON "outreach_signups" ("stopId") `);
        await queryRunner.query(`CREATE TABLE "outreach_stop_activities" ("activityId" varchar(36) PRIMARY KEY NOT NULL, "stopId" varchar(36) NOT NULL, "siteId" varchar(36) NOT NULL, "type" varchar(12) NOT NULL, "participantsCount" integer NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_79db19a2f365beae02fb550dae" ON "outreach_stop_activities" ("stopId") `);
        await queryRunner.query(`CREATE TABLE "outreach_stops" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "placeName" varchar(200) NOT NULL, "address" varchar(300) NOT NULL, "commune" varchar(120) NOT NULL, "postalCode" varchar(5) NOT NULL, "inseeCode" varchar(5) NOT NULL, "date" varchar(10) NOT NULL, "startsAt" varchar(5) NOT NULL, "endsAt" varchar(5) NOT NULL, "capacity" integer NOT NULL, "signupsCount" integer NOT NULL DEFAULT (0), "vehicle" varchar(80), "details" varchar(1000), "createdBy" varchar(36) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_ae48a9df7cc34394802ab4101d" ON "outreach_stops" ("siteId", "date") `);
        await queryRunner.query(`DROP INDEX "IDX_81e661a89e344fede92ec17f97"`);
        await queryRunner.query(`DROP INDEX "IDX_405ab5199de850395cd1c1032f"`);
        await queryRunner.query(`DROP INDEX "IDX_12dd82a835da300a2505e5c9bb"`);
        await queryRunner.query(`DROP INDEX "IDX_572fb1a728fb2e7a1dd9d2011a"`);
        await queryRunner.query(`CREATE TABLE "temporary_inventory_stock_moves" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "partId" varchar(36) NOT NULL, "locationId" varchar(36) NOT NULL, "kind" varchar(12) NOT NULL, "delta" integer NOT NULL, "ticketId" varchar(36), "donorDeviceId" varchar(36), "personId" varchar(36), "note" varchar(500) NOT NULL DEFAULT (''), "at" datetime NOT NULL DEFAULT (datetime('now')), "loanId" varchar(36))`);
        await queryRunner.query(`INSERT INTO "temporary_inventory_stock_moves"("id", "siteId", "partId", "locationId", "kind", "delta", "ticketId", "donorDeviceId", "personId", "note", "at") SELECT "id", "siteId", "partId", "locationId", "kind", "delta", "ticketId", "donorDeviceId", "personId", "note", "at" FROM "inventory_stock_moves"`);
        await queryRunner.query(`DROP TABLE "inventory_stock_moves"`);
        await queryRunner.query(`ALTER TABLE "temporary_inventory_stock_moves" RENAME TO "inventory_stock_moves"`);
        await queryRunner.query(`CREATE INDEX "IDX_81e661a89e344fede92ec17f97" ON "inventory_stock_moves" ("partId", "locationId") `);
        await queryRunner.query(`CREATE INDEX "IDX_405ab5199de850395cd1c1032f" ON "inventory_stock_moves" ("donorDeviceId") `);
        await queryRunner.query(`CREATE INDEX "IDX_12dd82a835da300a2505e5c9bb" ON "inventory_stock_moves" ("ticketId") `);
        await queryRunner.query(`CREATE INDEX "IDX_572fb1a728fb2e7a1dd9d2011a" ON "inventory_stock_moves" ("siteId") `);
        await queryRunner.query(`DROP INDEX "IDX_bfc4406ea3c7b487a3a4e83db4"`);
        await queryRunner.query(`DROP INDEX "IDX_188949eeafff50b7f17ce0cf4a"`);
        await queryRunner.query(`DROP INDEX "IDX_1f13e13dd1bcfb1af3a1910c50"`);
        await queryRunner.query(`CREATE TABLE "temporary_mediation_activities" ("id" varchar(36) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "mediatorId" varchar(36) NOT NULL, "type" varchar(12) NOT NULL, "date" varchar(10) NOT NULL, "durationMinutes" integer NOT NULL, "placeType" varchar(16) NOT NULL, "placeCommune" varchar(120), "placePostalCode" varchar(5), "placeInseeCode" varchar(5), "equipment" text NOT NULL, "topics" text NOT NULL, "procedureName" varchar(300), "mandateUsed" boolean NOT NULL DEFAULT (0), "autonomy" varchar(30), "redirected" boolean, "redirectedTo" varchar(40), "workshopTitle" varchar(200), "workshopLevel" varchar(20), "notes" varchar(2000), "participantsCount" integer NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "placeName" varchar(200), "placeAddress" varchar(300))`);
        await queryRunner.query(`INSERT INTO "temporary_mediation_activities"("id", "siteId", "mediatorId", "type", "date", "durationMinutes", "placeType", "placeCommune", "placePostalCode", "placeInseeCode", "equipment", "topics", "procedureName", "mandateUsed", "autonomy", "redirected", "redirectedTo", "workshopTitle", "workshopLevel", "notes", "participantsCount", "createdAt", "updatedAt") SELECT "id", "siteId", "mediatorId", "type", "date", "durationMinutes", "placeType", "placeCommune", "placePostalCode", "placeInseeCode", "equipment", "topics", "procedureName", "mandateUsed", "autonomy", "redirected", "redirectedTo", "workshopTitle", "workshopLevel", "notes", "participantsCount", "createdAt", "updatedAt" FROM "mediation_activities"`);
        await queryRunner.query(`DROP TABLE "mediation_activities"`);
        await queryRunner.query(`ALTER TABLE "temporary_mediation_activities" RENAME TO "mediation_activities"`);
        await queryRunner.query(`CREATE INDEX "IDX_bfc4406ea3c7b487a3a4e83db4" ON "mediation_activities" ("siteId", "date") `);
        await queryRunner.query(`CREATE INDEX "IDX_188949eeafff50b7f17ce0cf4a" ON "mediation_activities" ("date", "id") `);
        await queryRunner.query(`CREATE INDEX "IDX_1f13e13dd1bcfb1af3a1910c50" ON "mediation_activities" ("mediatorId") `);
        await queryRunner.query(`CREATE INDEX "IDX_fc52c3ae6f8b10d37077751903" ON "inventory_stock_moves" ("loanId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_fc52c3ae6f8b10d37077751903"`);
        await queryRunner.query(`DROP INDEX "IDX_1f13e13dd1bcfb1af3a1910c50"`);
        await queryRunner.query(`DROP INDEX "IDX_188949eeafff50b7f17ce0cf4a"`);
        await queryRunner.query(`DROP INDEX "IDX_bfc4406ea3c7b487a3a4e83db4"`);
        await queryRunner.query(`ALTER TABLE "mediation_activities" RENAME TO "temporary_mediation_activities"`);
        await queryRunner.query(`CREATE TABLE "mediation_activities" ("id" varchar(36) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "mediatorId" varchar(36) NOT NULL, "type" varchar(12) NOT NULL, "date" varchar(10) NOT NULL, "durationMinutes" integer NOT NULL, "placeType" varchar(16) NOT NULL, "placeCommune" varchar(120), "placePostalCode" varchar(5), "placeInseeCode" varchar(5), "equipment" text NOT NULL, "topics" text NOT NULL, "procedureName" varchar(300), "mandateUsed" boolean NOT NULL DEFAULT (0), "autonomy" varchar(30), "redirected" boolean, "redirectedTo" varchar(40), "workshopTitle" varchar(200), "workshopLevel" varchar(20), "notes" varchar(2000), "participantsCount" integer NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`INSERT INTO "mediation_activities"("id", "siteId", "mediatorId", "type", "date", "durationMinutes", "placeType", "placeCommune", "placePostalCode", "placeInseeCode", "equipment", "topics", "procedureName", "mandateUsed", "autonomy", "redirected", "redirectedTo", "workshopTitle", "workshopLevel", "notes", "participantsCount", "createdAt", "updatedAt") SELECT "id", "siteId", "mediatorId", "type", "date", "durationMinutes", "placeType", "placeCommune", "placePostalCode", "placeInseeCode", "equipment", "topics", "procedureName", "mandateUsed", "autonomy", "redirected", "redirectedTo", "workshopTitle", "workshopLevel", "notes", "participantsCount", "createdAt", "updatedAt" FROM "temporary_mediation_activities"`);
        await queryRunner.query(`DROP TABLE "temporary_mediation_activities"`);
        await queryRunner.query(`CREATE INDEX "IDX_1f13e13dd1bcfb1af3a1910c50" ON "mediation_activities" ("mediatorId") `);
        await queryRunner.query(`CREATE INDEX "IDX_188949eeafff50b7f17ce0cf4a" ON "mediation_activities" ("date", "id") `);
        await queryRunner.query(`CREATE INDEX "IDX_bfc4406ea3c7b487a3a4e83db4" ON "mediation_activities" ("siteId", "date") `);
        await queryRunner.query(`DROP INDEX "IDX_572fb1a728fb2e7a1dd9d2011a"`);
        await queryRunner.query(`DROP INDEX "IDX_12dd82a835da300a2505e5c9bb"`);
        await queryRunner.query(`DROP INDEX "IDX_405ab5199de850395cd1c1032f"`);
        await queryRunner.query(`DROP INDEX "IDX_81e661a89e344fede92ec17f97"`);
        await queryRunner.query(`ALTER TABLE "inventory_stock_moves" RENAME TO "temporary_inventory_stock_moves"`);
        await queryRunner.query(`CREATE TABLE "inventory_stock_moves" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "partId" varchar(36) NOT NULL, "locationId" varchar(36) NOT NULL, "kind" varchar(12) NOT NULL, "delta" integer NOT NULL, "ticketId" varchar(36), "donorDeviceId" varchar(36), "personId" varchar(36), "note" varchar(500) NOT NULL DEFAULT (''), "at" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`INSERT INTO "inventory_stock_moves"("id", "siteId", "partId", "locationId", "kind", "delta", "ticketId", "donorDeviceId", "personId", "note", "at") SELECT "id", "siteId", "partId", "locationId", "kind", "delta", "ticketId", "donorDeviceId", "personId", "note", "at" FROM "temporary_inventory_stock_moves"`);
        await queryRunner.query(`DROP TABLE "temporary_inventory_stock_moves"`);
        await queryRunner.query(`CREATE INDEX "IDX_572fb1a728fb2e7a1dd9d2011a" ON "inventory_stock_moves" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_12dd82a835da300a2505e5c9bb" ON "inventory_stock_moves" ("ticketId") `);
        await queryRunner.query(`CREATE INDEX "IDX_405ab5199de850395cd1c1032f" ON "inventory_stock_moves" ("donorDeviceId") `);
        await queryRunner.query(`CREATE INDEX "IDX_81e661a89e344fede92ec17f97" ON "inventory_stock_moves" ("partId", "locationId") `);
        await queryRunner.query(`DROP INDEX "IDX_ae48a9df7cc34394802ab4101d"`);
        await queryRunner.query(`DROP TABLE "outreach_stops"`);
        await queryRunner.query(`DROP INDEX "IDX_79db19a2f365beae02fb550dae"`);
        await queryRunner.query(`DROP TABLE "outreach_stop_activities"`);
        await queryRunner.query(`DROP INDEX "IDX_20517671d5e4777cccf13e2671"`);
        await queryRunner.query(`DROP TABLE "outreach_signups"`);
        await queryRunner.query(`DROP INDEX "IDX_b56484ed985529bb19b84839dd"`);
        await queryRunner.query(`DROP INDEX "IDX_e4e547995759684e9d45ea4704"`);
        await queryRunner.query(`DROP INDEX "IDX_a666bfdd2a3c2f2325cf4203df"`);
        await queryRunner.query(`DROP TABLE "inventory_loans"`);
    }

}
