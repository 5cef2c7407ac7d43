import { MigrationInterface, QueryRunner } from "typeorm";

export class RepairsInventory1796082732687 implements MigrationInterface {
    name = 'RepairsInventory1796082732687'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "inventory_locations" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "parentId" varchar(36), "name" varchar(120) NOT NULL, "kind" varchar(10) NOT NULL DEFAULT ('bin'), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_7402dca9072b5ea96f9dfed79b" ON "inventory_locations" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "inventory_parts" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "name" varchar(200) NOT NULL, "category" varchar(60) NOT NULL, "compatibleModels" text NOT NULL DEFAULT ('[]'), "unitCostCents" integer NOT NULL DEFAULT (0), "lowStockThreshold" integer NOT NULL DEFAULT (0), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_b6bf551dc9365ad9acb1f947ce" ON "inventory_parts" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "inventory_stock_levels" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "partId" varchar(36) NOT NULL, "locationId" varchar(36) NOT NULL, "quantity" integer NOT NULL DEFAULT (0))`);
        await queryRunner.query(`CREATE INDEX "IDX_cfbdb4e815a34271c555c00ef1" ON "inventory_stock_levels" ("siteId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7a632b27b620b9916155fc5d8a" ON "inventory_stock_levels" ("partId", "locationId") `);
        await queryRunner.query(`CREATE TABLE "inventory_stock_moves" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "partId" varchar(36) NOT NULL, "locationId" varchar(36) NOT NULL, "kind" varchar(12) NOT NULL, "delta" integer NOT NULL, "ticketId" varchar(36), "donorDeviceId" varchar(36), "personId" varchar(36), "note" varchar(500) NOT NULL DEFAULT (''), "at" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_572fb1a728fb2e7a1dd9d2011a" ON "inventory_stock_moves" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_12dd82a835da300a2505e5c9bb" ON "inventory_stock_moves" ("ticketId") `);
        await queryRunner.query(`CREATE INDEX "IDX_405ab5199de850395cd1c1032f" ON "inventory_stock_moves" ("donorDeviceId") `);
        await queryRunner.query(`CREATE INDEX "IDX_81e661a89e344fede92ec17f97" ON "inventory_stock_moves" ("partId", "locationId") `);
        await queryRunner.query(`CREATE TABLE "repair_devices" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "purpose" varchar(12) NOT NULL, "broughtBy" varchar(120) NOT NULL DEFAULT (''), "contact" varchar(200), "contactConsent" boolean NOT NULL DEFAULT (0), "category" varchar(30) NOT NULL, "brand" varchar(80) NOT NULL DEFAULT (''), "model" varchar(120) NOT NULL DEFAULT (''), "serialNumber" varchar(120) NOT NULL DEFAULT (''), "yearOfManufacture" integer, "reportedFault" varchar(1000) NOT NULL DEFAULT (''), "condition" varchar(500) NOT NULL DEFAULT (''), "accessories" varchar(500) NOT NULL DEFAULT (''), "weightKg" real, "hasStorage" boolean NOT NULL DEFAULT (1), "checklist" text NOT NULL DEFAULT ('[]'), "osInstalled" varchar(120) NOT NULL DEFAULT (''), "grade" varchar(6), "priceCents" integer, "releasedAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_c934675211671926894381618f" ON "repair_devices" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "repair_erasures" ("id" varchar PRIMARY KEY NOT NULL, "deviceId" varchar(36) NOT NULL, "siteId" varchar(36) NOT NULL, "driveMake" varchar(80) NOT NULL DEFAULT (''), "driveModel" varchar(120) NOT NULL DEFAULT (''), "driveSerial" varchar(120) NOT NULL, "bus" varchar(20) NOT NULL, "sizeBytes" bigint, "hostSerial" varchar(120) NOT NULL DEFAULT (''), "nistLevel" varchar(10) NOT NULL, "method" varchar(30) NOT NULL, "tool" varchar(120) NOT NULL, "passes" integer NOT NULL DEFAULT (1), "verified" boolean NOT NULL, "verification" varchar(500) NOT NULL DEFAULT (''), "startedAt" datetime NOT NULL, "endedAt" datetime NOT NULL, "bytesErased" bigint, "errors" integer NOT NULL DEFAULT (0), "hiddenAreasChecked" boolean NOT NULL DEFAULT (0), "technicianId" varchar(36) NOT NULL, "technicianName" varchar(120) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_c63996a228581f9e83f3b74fa2" ON "repair_erasures" ("deviceId") `);
        await queryRunner.query(`CREATE TABLE "repair_events" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "name" varchar(200) NOT NULL, "date" varchar(10) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_7187144dcf41719a615dde672b" ON "repair_events" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "repair_photos" ("id" varchar PRIMARY KEY NOT NULL, "deviceId" varchar(36) NOT NULL, "sha256" varchar(64) NOT NULL, "thumbSha256" varchar(64) NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_3fb50d001bfdde8608cf35232a" ON "repair_photos" ("deviceId") `);
        await queryRunner.query(`CREATE TABLE "repair_releases" ("id" varchar PRIMARY KEY NOT NULL, "deviceId" varchar(36) NOT NULL, "siteId" varchar(36) NOT NULL, "mode" varchar(10) NOT NULL, "priceCents" integer NOT NULL DEFAULT (0), "eligibilityCriterion" varchar(60), "checkedBy" varchar(36) NOT NULL, "warrantyMonths" integer NOT NULL DEFAULT (6), "releasedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_af8e1a19c6dd843d980a1f3695" ON "repair_releases" ("deviceId") `);
        await queryRunner.query(`CREATE INDEX "IDX_d4904829d57f1c29b012d377d1" ON "repair_releases" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "repair_site_settings" ("siteId" varchar(36) PRIMARY KEY NOT NULL, "country" varchar(3) NOT NULL DEFAULT ('FRA'), "dataProvider" varchar(120) NOT NULL DEFAULT (''), "eligibilityCriteria" text NOT NULL DEFAULT ('[]'), "warrantyMonths" integer NOT NULL DEFAULT (6))`);
        await queryRunner.query(`CREATE TABLE "repair_steps" ("id" varchar PRIMARY KEY NOT NULL, "ticketId" varchar(36) NOT NULL, "fromStatus" varchar(20), "toStatus" varchar(20), "personId" varchar(36) NOT NULL, "personName" varchar(120) NOT NULL DEFAULT (''), "notes" varchar(1000) NOT NULL DEFAULT (''), "minutesSpent" integer NOT NULL DEFAULT (0), "at" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_af1113697d19b15320431e2aa0" ON "repair_steps" ("ticketId") `);
        await queryRunner.query(`CREATE TABLE "repair_tickets" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "deviceId" varchar(36) NOT NULL, "eventId" varchar(36), "status" varchar(20) NOT NULL DEFAULT ('received'), "problem" varchar(1000) NOT NULL DEFAULT (''), "barriers" text NOT NULL DEFAULT ('[]'), "nextSteps" varchar(20), "sparePartsNeeded" boolean, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_39afe72e9b309c87738b23725a" ON "repair_tickets" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_7125822fe6fc33af03f2c6acc1" ON "repair_tickets" ("deviceId") `);
        await queryRunner.query(`CREATE INDEX "IDX_7c850ff25f6ab4d949eb2d21f5" ON "repair_tickets" ("eventId") `);
        await queryRunner.query(`CREATE INDEX "IDX_37f94fbfe5aa6373e0b10eeb8c" ON "repair_tickets" ("status") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_37f94fbfe5aa6373e0b10eeb8c"`);
        await queryRunner.query(`DROP INDEX "IDX_7c850ff25f6ab4d949eb2d21f5"`);
        await queryRunner.query(`DROP INDEX "IDX_7125822fe6fc33af03f2c6acc1"`);
        await queryRunner.query(`DROP INDEX "IDX_39afe72e9b309c87738b23725a"`);
        await queryRunner.query(`DROP TABLE "repair_tickets"`);
        await queryRunner.query(`DROP INDEX "IDX_af1113697d19b15320431e2aa0"`);
        await queryRunner.query(`DROP TABLE "repair_steps"`);
        await queryRunner.query(`DROP TABLE "repair_site_settings"`);
        await queryRunner.query(`DROP INDEX "IDX_d4904829d57f1c29b012d377d1"`);
        await queryRunner.query(`DROP INDEX "IDX_af8e1a19c6dd843d980a1f3695"`);
        await queryRunner.query(`DROP TABLE "repair_releases"`);
        await queryRunner.query(`DROP INDEX "IDX_3fb50d001bfdde8608cf35232a"`);
        await queryRunner.query(`DROP TABLE "repair_photos"`);
        await queryRunner.query(`DROP INDEX "IDX_7187144dcf41719a615dde672b"`);
        await queryRunner.query(`DROP TABLE "repair_events"`);
        await queryRunner.query(`DROP INDEX "IDX_c63996a228581f9e83f3b74fa2"`);
        await queryRunner.query(`DROP TABLE "repair_erasures"`);
        await queryRunner.query(`DROP INDEX "IDX_c934675211671926894381618f"`);
        await queryRunner.query(`DROP TABLE "repair_devices"`);
        await queryRunner.query(`DROP INDEX "IDX_81e661a89e344fede92ec17f97"`);
        await queryRunner.query(`DROP INDEX "IDX_405ab5199de850395cd1c1032f"`);
        await queryRunner.query(`DROP INDEX "IDX_12dd82a835da300a2505e5c9bb"`);
        await queryRunner.query(`DROP INDEX "IDX_572fb1a728fb2e7a1dd9d2011a"`);
        await queryRunner.query(`DROP TABLE "inventory_stock_moves"`);
        await queryRunner.query(`DROP INDEX "IDX_7a632b27b620b9916155fc5d8a"`);
        await queryRunner.query(`DROP INDEX "IDX_cfbdb4e815a34271c555c00ef1"`);
        await queryRunner.query(`DROP TABLE "inventory_stock_levels"`);
        await queryRunner.query(`DROP INDEX "IDX_b6bf551dc9365ad9acb1f947ce"`);
        await queryRunner.query(`DROP TABLE "inventory_parts"`);
        await queryRunner.query(`DROP INDEX "IDX_7402dca9072b5ea96f9dfed79b"`);
        await queryRunner.query(`DROP TABLE "inventory_locations"`);
    }

}
