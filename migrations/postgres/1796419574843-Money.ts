import { MigrationInterface, QueryRunner } from "typeorm";

export class Money1796419574843 implements MigrationInterface {
    name = 'Money1796419574843'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "accounting_periods" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "startDay" character varying(10) NOT NULL, "endDay" character varying(10) NOT NULL, "lastHash" character varying(64) NOT NULL, "invoiceCount" integer NOT NULL, "closedById" character varying(36) NOT NULL, "closedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a574217de733282cf1ea1c1970f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_acc326ac21a6fa464e6c8a50bd" ON "accounting_periods"  ("siteId", "endDay") `);
        await queryRunner.query(`CREATE TABLE "billing_profiles" ("siteId" character varying(36) NOT NULL, "legalName" character varying(200) NOT NULL, "address" character varying(400) NOT NULL DEFAULT '', "siren" character varying(14), "vatNumber" character varying(20), "vatRegime" character varying(20) NOT NULL DEFAULT 'franchise', "paymentDays" integer NOT NULL DEFAULT '30', "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_60322ec6d3edb6af00e6ac8fc05" PRIMARY KEY ("siteId"))`);
        await queryRunner.query(`CREATE TABLE "invoices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "kind" character varying(20) NOT NULL, "year" integer NOT NULL, "seq" integer NOT NULL, "number" character varying(20) NOT NULL, "issuedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "issueDay" character varying(10) NOT NULL, "dueDay" character varying(10), "correctsId" character varying(36), "correctsNumber" character varying(20), "paymentId" character varying(36), "payableKind" character varying(20), "payableRef" character varying(300), "personId" character varying(36), "business" boolean NOT NULL DEFAULT false, "seller" text NOT NULL, "buyer" text NOT NULL, "vatRegime" character varying(20) NOT NULL, "lines" text NOT NULL, "netCents" integer NOT NULL, "vatCents" integer NOT NULL, "grossCents" integer NOT NULL, "previousHash" character varying(64) NOT NULL, "hash" character varying(64) NOT NULL, "issuedById" character varying(36), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_668cef7c22a427fd822cc1be3ce" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_27322a91983c10c0a7fe9f77c4" ON "invoices"  ("issueDay") `);
        await queryRunner.query(`CREATE INDEX "IDX_ffb7069138ad126e9b58b3f688" ON "invoices"  ("correctsId") `);
        await queryRunner.query(`CREATE INDEX "IDX_be5ec79263f98bd055c78ff15e" ON "invoices"  ("payableRef") `);
        await queryRunner.query(`CREATE INDEX "IDX_f022500edc0f791046b90a6904" ON "invoices"  ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_invoices_payment" ON "invoices"  ("paymentId") WHERE "kind" = 'invoice' AND "paymentId" IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_74aedc35f826b4d67847b163b1" ON "invoices"  ("siteId", "year", "seq") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_4ffc65dacbbb91134a7cfe74ca" ON "invoices"  ("siteId", "number") `);
        await queryRunner.query(`CREATE TABLE "invoice_counters" ("siteId" character varying(36) NOT NULL, "year" integer NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_d4a744e1c3e3eef3363a842b79b" PRIMARY KEY ("siteId", "year"))`);
        await queryRunner.query(`CREATE TABLE "payments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "kind" character varying(20) NOT NULL, "ref" character varying(300) NOT NULL, "personId" character varying(36), "label" character varying(300) NOT NULL, "method" character varying(20) NOT NULL, "status" character varying(20) NOT NULL, "amountCents" integer NOT NULL, "refundedCents" integer NOT NULL DEFAULT '0', "duplicate" boolean NOT NULL DEFAULT false, "checkoutIntentId" integer, "organizationSlug" character varying(100), "redirectUrl" character varying(500), "expiresAt" TIMESTAMP WITH TIME ZONE, "providerPaymentId" character varying(40), "providerOrderId" character varying(40), "reference" character varying(100) NOT NULL DEFAULT '', "settledAt" TIMESTAMP WITH TIME ZONE, "invoiceId" character varying(36), "recordedById" character varying(36), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_a72aeef3050cd98b7775d615d4" ON "payments"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_461ee83aa87b0e97e1c430dc21" ON "payments"  ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_71e38587af04dd5ad52d4a1486" ON "payments"  ("checkoutIntentId") `);
        await queryRunner.query(`CREATE INDEX "IDX_cebdd9d8301f984ff0aad15ac4" ON "payments"  ("kind", "ref") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_cebdd9d8301f984ff0aad15ac4"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_71e38587af04dd5ad52d4a1486"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_461ee83aa87b0e97e1c430dc21"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_a72aeef3050cd98b7775d615d4"`);
        await queryRunner.query(`DROP TABLE "payments"`);
        await queryRunner.query(`DROP TABLE "invoice_counters"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_4ffc65dacbbb91134a7cfe74ca"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_74aedc35f826b4d67847b163b1"`);
        await queryRunner.query(`DROP INDEX "public"."uq_invoices_payment"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_f022500edc0f791046b90a6904"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_be5ec79263f98bd055c78ff15e"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ffb7069138ad126e9b58b3f688"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_27322a91983c10c0a7fe9f77c4"`);
        await queryRunner.query(`DROP TABLE "invoices"`);
        await queryRunner.query(`DROP TABLE "billing_profiles"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_acc326ac21a6fa464e6c8a50bd"`);
        await queryRunner.query(`DROP TABLE "accounting_periods"`);
    }

}
