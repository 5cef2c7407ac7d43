import { MigrationInterface, QueryRunner } from "typeorm";

export class RepairsInventory1796082735349 implements MigrationInterface {
    name = 'RepairsInventory1796082735349'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "inventory_locations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "parentId" character varying(36), "name" character varying(120) NOT NULL, "kind" character varying(10) NOT NULL DEFAULT 'bin', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b9591ced2c9d787495d19639575" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_7402dca9072b5ea96f9dfed79b" ON "inventory_locations"  ("siteId") `);
        await queryRunner.query(`CREATE TABLE "inventory_parts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "name" character varying(200) NOT NULL, "category" character varying(60) NOT NULL, "compatibleModels" text NOT NULL DEFAULT '[]', "unitCostCents" integer NOT NULL DEFAULT '0', "lowStockThreshold" integer NOT NULL DEFAULT '0', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7c4a4fc21069c07378bbfa5576d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_b6bf551dc9365ad9acb1f947ce" ON "inventory_parts"  ("siteId") `);
        await queryRunner.query(`CREATE TABLE "inventory_stock_levels" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "partId" character varying(36) NOT NULL, "locationId" character varying(36) NOT NULL, "quantity" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_ce96fd790ff76033c0b25b22b26" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_cfbdb4e815a34271c555c00ef1" ON "inventory_stock_levels"  ("siteId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7a632b27b620b9916155fc5d8a" ON "inventory_stock_levels"  ("partId", "locationId") `);
        await queryRunner.query(`CREATE TABLE "inventory_stock_moves" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "partId" character varying(36) NOT NULL, "locationId" character varying(36) NOT NULL, "kind" character varying(12) NOT NULL, "delta" integer NOT NULL, "ticketId" character varying(36), "donorDeviceId" character varying(36), "personId" character varying(36), "note" character varying(500) NOT NULL DEFAULT '', "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07cf4a7a879529eb395a106d05a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_572fb1a728fb2e7a1dd9d2011a" ON "inventory_stock_moves"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_12dd82a835da300a2505e5c9bb" ON "inventory_stock_moves"  ("ticketId") `);
        await queryRunner.query(`CREATE INDEX "IDX_405ab5199de850395cd1c1032f" ON "inventory_stock_moves"  ("donorDeviceId") `);
        await queryRunner.query(`CREATE INDEX "IDX_81e661a89e344fede92ec17f97" ON "inventory_stock_moves"  ("partId", "locationId") `);
        await queryRunner.query(`CREATE TABLE "repair_devices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "purpose" character varying(12) NOT NULL, "broughtBy" character varying(120) NOT NULL DEFAULT '', "contact" character varying(200), "contactConsent" boolean NOT NULL DEFAULT false, "category" character varying(30) NOT NULL, "brand" character varying(80) NOT NULL DEFAULT '', "model" character varying(120) NOT NULL DEFAULT '', "serialNumber" character varying(120) NOT NULL DEFAULT '', "yearOfManufacture" integer, "reportedFault" character varying(1000) NOT NULL DEFAULT '', "condition" character varying(500) NOT NULL DEFAULT '', "accessories" character varying(500) NOT NULL DEFAULT '', "weightKg" real, "hasStorage" boolean NOT NULL DEFAULT true, "checklist" text NOT NULL DEFAULT '[]', "osInstalled" character varying(120) NOT NULL DEFAULT '', "grade" character varying(6), "priceCents" integer, "releasedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_acdd0cd625d20fd46eaf7af77aa" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_c934675211671926894381618f" ON "repair_devices"  ("siteId") `);
        await queryRunner.query(`CREATE TABLE "repair_erasures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "deviceId" character varying(36) NOT NULL, "siteId" character varying(36) NOT NULL, "driveMake" character varying(80) NOT NULL DEFAULT '', "driveModel" character varying(120) NOT NULL DEFAULT '', "driveSerial" character varying(120) NOT NULL, "bus" character varying(20) NOT NULL, "sizeBytes" bigint, "hostSerial" character varying(120) NOT NULL DEFAULT '', "nistLevel" character varying(10) NOT NULL, "method" character varying(30) NOT NULL, "tool" character varying(120) NOT NULL, "passes" integer NOT NULL DEFAULT '1', "verified" boolean NOT NULL, "verification" character varying(500) NOT NULL DEFAULT '', "startedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "endedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "bytesErased" bigint, "errors" integer NOT NULL DEFAULT '0', "hiddenAreasChecked" boolean NOT NULL DEFAULT false, "technicianId" character varying(36) NOT NULL, "technicianName" character varying(120) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b63af944f5997f3cdfbbd6ae16b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_c63996a228581f9e83f3b74fa2" ON "repair_erasures"  ("deviceId") `);
        await queryRunner.query(`CREATE TABLE "repair_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "name" character varying(200) NOT NULL, "date" character varying(10) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_30f2d1d62586edb0dd5f629c2a4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_7187144dcf41719a615dde672b" ON "repair_events"  ("siteId") `);
        await queryRunner.query(`CREATE TABLE "repair_photos" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "deviceId" character varying(36) NOT NULL, "sha256" character varying(64) NOT NULL, "thumbSha256" character varying(64) NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9f3b7df8e48e2a6310fdca9c00f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_3fb50d001bfdde8608cf35232a" ON "repair_photos"  ("deviceId") `);
        await queryRunner.query(`CREATE TABLE "repair_releases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "deviceId" character varying(36) NOT NULL, "siteId" character varying(36) NOT NULL, "mode" character varying(10) NOT NULL, "priceCents" integer NOT NULL DEFAULT '0', "eligibilityCriterion" character varying(60), "checkedBy" character varying(36) NOT NULL, "warrantyMonths" integer NOT NULL DEFAULT '6', "releasedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_73df46821ef0d45bcbbdf81f9a7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_af8e1a19c6dd843d980a1f3695" ON "repair_releases"  ("deviceId") `);
        await queryRunner.query(`CREATE INDEX "IDX_d4904829d57f1c29b012d377d1" ON "repair_releases"  ("siteId") `);
        await queryRunner.query(`CREATE TABLE "repair_site_settings" ("siteId" character varying(36) NOT NULL, "country" character varying(3) NOT NULL DEFAULT 'FRA', "dataProvider" character varying(120) NOT NULL DEFAULT '', "eligibilityCriteria" text NOT NULL DEFAULT '[]', "warrantyMonths" integer NOT NULL DEFAULT '6', CONSTRAINT "PK_294f1b754df1e1136218c2448e2" PRIMARY KEY ("siteId"))`);
        await queryRunner.query(`CREATE TABLE "repair_steps" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ticketId" character varying(36) NOT NULL, "fromStatus" character varying(20), "toStatus" character varying(20), "personId" character varying(36) NOT NULL, "personName" character varying(120) NOT NULL DEFAULT '', "notes" character varying(1000) NOT NULL DEFAULT '', "minutesSpent" integer NOT NULL DEFAULT '0', "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_086fc573742fa8e5d430faade43" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_af1113697d19b15320431e2aa0" ON "repair_steps"  ("ticketId") `);
        await queryRunner.query(`CREATE TABLE "repair_tickets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "deviceId" character varying(36) NOT NULL, "eventId" character varying(36), "status" character varying(20) NOT NULL DEFAULT 'received', "problem" character varying(1000) NOT NULL DEFAULT '', "barriers" text NOT NULL DEFAULT '[]', "nextSteps" character varying(20), "sparePartsNeeded" boolean, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_99778866f2f44047622c16fd94b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_39afe72e9b309c87738b23725a" ON "repair_tickets"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_7125822fe6fc33af03f2c6acc1" ON "repair_tickets"  ("deviceId") `);
        await queryRunner.query(`CREATE INDEX "IDX_7c850ff25f6ab4d949eb2d21f5" ON "repair_tickets"  ("eventId") `);
        await queryRunner.query(`CREATE INDEX "IDX_37f94fbfe5aa6373e0b10eeb8c" ON "repair_tickets"  ("status") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_37f94fbfe5aa6373e0b10eeb8c"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_7c850ff25f6ab4d949eb2d21f5"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_7125822fe6fc33af03f2c6acc1"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_39afe72e9b309c87738b23725a"`);
        await queryRunner.query(`DROP TABLE "repair_tickets"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_af1113697d19b15320431e2aa0"`);
        await queryRunner.query(`DROP TABLE "repair_steps"`);
        await queryRunner.query(`DROP TABLE "repair_site_settings"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_d4904829d57f1c29b012d377d1"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_af8e1a19c6dd843d980a1f3695"`);
        await queryRunner.query(`DROP TABLE "repair_releases"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_3fb50d001bfdde8608cf35232a"`);
        await queryRunner.query(`DROP TABLE "repair_photos"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_7187144dcf41719a615dde672b"`);
        await queryRunner.query(`DROP TABLE "repair_events"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_c63996a228581f9e83f3b74fa2"`);
        await queryRunner.query(`DROP TABLE "repair_erasures"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_c934675211671926894381618f"`);
        await queryRunner.query(`DROP TABLE "repair_devices"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_81e661a89e344fede92ec17f97"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_405ab5199de850395cd1c1032f"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_12dd82a835da300a2505e5c9bb"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_572fb1a728fb2e7a1dd9d2011a"`);
        await queryRunner.query(`DROP TABLE "inventory_stock_moves"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_7a632b27b620b9916155fc5d8a"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_cfbdb4e815a34271c555c00ef1"`);
        await queryRunner.query(`DROP TABLE "inventory_stock_levels"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_b6bf551dc9365ad9acb1f947ce"`);
        await queryRunner.query(`DROP TABLE "inventory_parts"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_7402dca9072b5ea96f9dfed79b"`);
        await queryRunner.query(`DROP TABLE "inventory_locations"`);
    }

}
