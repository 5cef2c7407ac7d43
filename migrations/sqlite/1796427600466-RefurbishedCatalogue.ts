import { MigrationInterface, QueryRunner } from "typeorm";

export class RefurbishedCatalogue1796427600466 implements MigrationInterface {
    name = 'RefurbishedCatalogue1796427600466'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "repair_device_requests" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "deviceId" varchar(36) NOT NULL, "name" varchar(120) NOT NULL DEFAULT (''), "contact" varchar(200) NOT NULL DEFAULT (''), "eligibility" text NOT NULL DEFAULT ('[]'), "status" varchar(12) NOT NULL DEFAULT ('waiting'), "reservedBy" varchar(36), "reservedAt" datetime, "releaseId" varchar(36), "closedAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_f824763568d1d7c5be8063d943" ON "repair_device_requests" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_dccca539cc15a0992b57cf7a37" ON "repair_device_requests" ("deviceId") `);
        await queryRunner.query(`CREATE INDEX "IDX_e9bf10445b19fb7af6c5dda801" ON "repair_device_requests" ("status") `);
        await queryRunner.query(`DROP INDEX "IDX_c934675211671926894381618f"`);
        await queryRunner.query(`CREATE TABLE "temporary_repair_devices" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "purpose" varchar(12) NOT NULL, "broughtBy" varchar(120) NOT NULL DEFAULT (''), "contact" varchar(200), "contactConsent" boolean NOT NULL DEFAULT (0), "category" varchar(30) NOT NULL, "brand" varchar(80) NOT NULL DEFAULT (''), "model" varchar(120) NOT NULL DEFAULT (''), "serialNumber" varchar(120) NOT NULL DEFAULT (''), "yearOfManufacture" integer, "reportedFault" varchar(1000) NOT NULL DEFAULT (''), "condition" varchar(500) NOT NULL DEFAULT (''), "accessories" varchar(500) NOT NULL DEFAULT (''), "weightKg" real, "hasStorage" boolean NOT NULL DEFAULT (1), "checklist" text NOT NULL DEFAULT ('[]'), "osInstalled" varchar(120) NOT NULL DEFAULT (''), "grade" varchar(6), "priceCents" integer, "releasedAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "cpu" varchar(120) NOT NULL DEFAULT (''), "ramGb" real, "storageGb" integer, "storageKind" varchar(10), "screenInches" real, "listedAt" datetime, "reservedRequestId" varchar(36))`);
        await queryRunner.query(`INSERT INTO "temporary_repair_devices"("id", "siteId", "purpose", "broughtBy", "contact", "contactConsent", "category", "brand", "model", "serialNumber", "yearOfManufacture", "reportedFault", "condition", "accessories", "weightKg", "hasStorage", "checklist", "osInstalled", "grade", "priceCents", "releasedAt", "createdAt", "updatedAt") SELECT "id", "siteId", "purpose", "broughtBy", "contact", "contactConsent", "category", "brand", "model", "serialNumber", "yearOfManufacture", "reportedFault", "condition", "accessories", "weightKg", "hasStorage", "checklist", "osInstalled", "grade", "priceCents", "releasedAt", "createdAt", "updatedAt" FROM "repair_devices"`);
        await queryRunner.query(`DROP TABLE "repair_devices"`);
        await queryRunner.query(`ALTER TABLE "temporary_repair_devices" RENAME TO "repair_devices"`);
        await queryRunner.query(`CREATE INDEX "IDX_c934675211671926894381618f" ON "repair_devices" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "temporary_repair_site_settings" ("siteId" varchar(36) PRIMARY KEY NOT NULL, "country" varchar(3) NOT NULL DEFAULT ('FRA'), "dataProvider" varchar(120) NOT NULL DEFAULT (''), "eligibilityCriteria" text NOT NULL DEFAULT ('[]'), "warrantyMonths" integer NOT NULL DEFAULT (6), "catalogueOpen" boolean NOT NULL DEFAULT (0))`);
        await queryRunner.query(`INSERT INTO "temporary_repair_site_settings"("siteId", "country", "dataProvider", "eligibilityCriteria", "warrantyMonths") SELECT "siteId", "country", "dataProvider", "eligibilityCriteria", "warrantyMonths" FROM "repair_site_settings"`);
        await queryRunner.query(`DROP TABLE "repair_site_settings"`);
        await queryRunner.query(`ALTER TABLE "temporary_repair_site_settings" RENAME TO "repair_site_settings"`);
        await queryRunner.query(`CREATE INDEX "IDX_731a45ad74fd29546dd4fbd48c" ON "repair_devices" ("reservedRequestId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_731a45ad74fd29546dd4fbd48c"`);
        await queryRunner.query(`ALTER TABLE "repair_site_settings" RENAME TO "temporary_repair_site_settings"`);
        await queryRunner.query(`CREATE TABLE "repair_site_settings" ("siteId" varchar(36) PRIMARY KEY NOT NULL, "country" varchar(3) NOT NULL DEFAULT ('FRA'), "dataProvider" varchar(120) NOT NULL DEFAULT (''), "eligibilityCriteria" text NOT NULL DEFAULT ('[]'), "warrantyMonths" integer NOT NULL DEFAULT (6))`);
        await queryRunner.query(`INSERT INTO "repair_site_settings"("siteId", "country", "dataProvider", "eligibilityCriteria", "warrantyMonths") SELECT "siteId", "country", "dataProvider", "eligibilityCriteria", "warrantyMonths" FROM "temporary_repair_site_settings"`);
        await queryRunner.query(`DROP TABLE "temporary_repair_site_settings"`);
        await queryRunner.query(`DROP INDEX "IDX_c934675211671926894381618f"`);
        await queryRunner.query(`ALTER TABLE "repair_devices" RENAME TO "temporary_repair_devices"`);
        await queryRunner.query(`CREATE TABLE "repair_devices" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "purpose" varchar(12) NOT NULL, "broughtBy" varchar(120) NOT NULL DEFAULT (''), "contact" varchar(200), "contactConsent" boolean NOT NULL DEFAULT (0), "category" varchar(30) NOT NULL, "brand" varchar(80) NOT NULL DEFAULT (''), "model" varchar(120) NOT NULL DEFAULT (''), "serialNumber" varchar(120) NOT NULL DEFAULT (''), "yearOfManufacture" integer, "reportedFault" varchar(1000) NOT NULL DEFAULT (''), "condition" varchar(500) NOT NULL DEFAULT (''), "accessories" varchar(500) NOT NULL DEFAULT (''), "weightKg" real, "hasStorage" boolean NOT NULL DEFAULT (1), "checklist" text NOT NULL DEFAULT ('[]'), "osInstalled" varchar(120) NOT NULL DEFAULT (''), "grade" varchar(6), "priceCents" integer, "releasedAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`INSERT INTO "repair_devices"("id", "siteId", "purpose", "broughtBy", "contact", "contactConsent", "category", "brand", "model", "serialNumber", "yearOfManufacture", "reportedFault", "condition", "accessories", "weightKg", "hasStorage", "checklist", "osInstalled", "grade", "priceCents", "releasedAt", "createdAt", "updatedAt") SELECT "id", "siteId", "purpose", "broughtBy", "contact", "contactConsent", "category", "brand", "model", "serialNumber", "yearOfManufacture", "reportedFault", "condition", "accessories", "weightKg", "hasStorage", "checklist", "osInstalled", "grade", "priceCents", "releasedAt", "createdAt", "updatedAt" FROM "temporary_repair_devices"`);
        await queryRunner.query(`DROP TABLE "temporary_repair_devices"`);
        await queryRunner.query(`CREATE INDEX "IDX_c934675211671926894381618f" ON "repair_devices" ("siteId") `);
        await queryRunner.query(`DROP INDEX "IDX_e9bf10445b19fb7af6c5dda801"`);
        await queryRunner.query(`DROP INDEX "IDX_dccca539cc15a0992b57cf7a37"`);
        await queryRunner.query(`DROP INDEX "IDX_f824763568d1d7c5be8063d943"`);
        await queryRunner.query(`DROP TABLE "repair_device_requests"`);
    }

}
