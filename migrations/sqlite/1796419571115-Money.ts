import { MigrationInterface, QueryRunner } from "typeorm";

export class Money1796419571115 implements MigrationInterface {
    name = 'Money1796419571115'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "accounting_periods" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "startDay" varchar(10) NOT NULL, "endDay" varchar(10) NOT NULL, "lastHash" varchar(64) NOT NULL, "invoiceCount" integer NOT NULL, "closedById" varchar(36) NOT NULL, "closedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_acc326ac21a6fa464e6c8a50bd" ON "accounting_periods" ("siteId", "endDay") `);
        await queryRunner.query(`CREATE TABLE "billing_profiles" ("siteId" varchar(36) PRIMARY KEY NOT NULL, "legalName" varchar(200) NOT NULL, "address" varchar(400) NOT NULL DEFAULT (''), "siren" varchar(14), "vatNumber" varchar(20), "vatRegime" varchar(20) NOT NULL DEFAULT ('franchise'), "paymentDays" integer NOT NULL DEFAULT (30), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE TABLE "invoices" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "kind" varchar(20) NOT NULL, "year" integer NOT NULL, "seq" integer NOT NULL, "number" varchar(20) NOT NULL, "issuedAt" datetime NOT NULL, "issueDay" varchar(10) NOT NULL, "dueDay" varchar(10), "correctsId" varchar(36), "correctsNumber" varchar(20), "paymentId" varchar(36), "payableKind" varchar(20), "payableRef" varchar(300), "personId" varchar(36), "business" boolean NOT NULL DEFAULT (0), "seller" text NOT NULL, "buyer" text NOT NULL, "vatRegime" varchar(20) NOT NULL, "lines" text NOT NULL, "netCents" integer NOT NULL, "vatCents" integer NOT NULL, "grossCents" integer NOT NULL, "previousHash" varchar(64) NOT NULL, "hash" varchar(64) NOT NULL, "issuedById" varchar(36), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_27322a91983c10c0a7fe9f77c4" ON "invoices" ("issueDay") `);
        await queryRunner.query(`CREATE INDEX "IDX_ffb7069138ad126e9b58b3f688" ON "invoices" ("correctsId") `);
        await queryRunner.query(`CREATE INDEX "IDX_be5ec79263f98bd055c78ff15e" ON "invoices" ("payableRef") `);
        await queryRunner.query(`CREATE INDEX "IDX_f022500edc0f791046b90a6904" ON "invoices" ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_invoices_payment" ON "invoices" ("paymentId") WHERE "kind" = 'invoice' AND "paymentId" IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_74aedc35f826b4d67847b163b1" ON "invoices" ("siteId", "year", "seq") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_4ffc65dacbbb91134a7cfe74ca" ON "invoices" ("siteId", "number") `);
        await queryRunner.query(`CREATE TABLE "invoice_counters" ("siteId" varchar(36) NOT NULL, "year" integer NOT NULL, "last" integer NOT NULL, PRIMARY KEY ("siteId", "year"))`);
        await queryRunner.query(`CREATE TABLE "payments" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "kind" varchar(20) NOT NULL, "ref" varchar(300) NOT NULL, "personId" varchar(36), "label" varchar(300) NOT NULL, "method" varchar(20) NOT NULL, "status" varchar(20) NOT NULL, "amountCents" integer NOT NULL, "refundedCents" integer NOT NULL DEFAULT (0), "duplicate" boolean NOT NULL DEFAULT (0), "checkoutIntentId" integer, "organizationSlug" varchar(100), "redirectUrl" varchar(500), "expiresAt" datetime, "providerPaymentId" varchar(40), "providerOrderId" varchar(40), "reference" varchar(100) NOT NULL DEFAULT (''), "settledAt" datetime, "invoiceId" varchar(36), "recordedById" varchar(36), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_a72aeef3050cd98b7775d615d4" ON "payments" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_461ee83aa87b0e97e1c430dc21" ON "payments" ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_71e38587af04dd5ad52d4a1486" ON "payments" ("checkoutIntentId") `);
        await queryRunner.query(`CREATE INDEX "IDX_cebdd9d8301f984ff0aad15ac4" ON "payments" ("kind", "ref") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_cebdd9d8301f984ff0aad15ac4"`);
        await queryRunner.query(`DROP INDEX "IDX_71e38587af04dd5ad52d4a1486"`);
        await queryRunner.query(`DROP INDEX "IDX_461ee83aa87b0e97e1c430dc21"`);
        await queryRunner.query(`DROP INDEX "IDX_a72aeef3050cd98b7775d615d4"`);
        await queryRunner.query(`DROP TABLE "payments"`);
        await queryRunner.query(`DROP TABLE "invoice_counters"`);
        await queryRunner.query(`DROP INDEX "IDX_4ffc65dacbbb91134a7cfe74ca"`);
        await queryRunner.query(`DROP INDEX "IDX_74aedc35f826b4d67847b163b1"`);
        await queryRunner.query(`DROP INDEX "uq_invoices_payment"`);
        await queryRunner.query(`DROP INDEX "IDX_f022500edc0f791046b90a6904"`);
        await queryRunner.query(`DROP INDEX "IDX_be5ec79263f98bd055c78ff15e"`);
        await queryRunner.query(`DROP INDEX "IDX_ffb7069138ad126e9b58b3f688"`);
        await queryRunner.query(`DROP INDEX "IDX_27322a91983c10c0a7fe9f77c4"`);
        await queryRunner.query(`DROP TABLE "invoices"`);
        await queryRunner.query(`DROP TABLE "billing_profiles"`);
        await queryRunner.query(`DROP INDEX "IDX_acc326ac21a6fa464e6c8a50bd"`);
        await queryRunner.query(`DROP TABLE "accounting_periods"`);
    }

}
