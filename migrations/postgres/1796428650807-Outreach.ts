import { MigrationInterface, QueryRunner } from "typeorm";

export class Outreach1796428650807 implements MigrationInterface {
    name = 'Outreach1796428650807'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "inventory_loans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "partId" character varying(36) NOT NULL, "locationId" character varying(36) NOT NULL, "quantity" integer NOT NULL, "returnedQuantity" integer NOT NULL DEFAULT '0', "lostQuantity" integer NOT NULL DEFAULT '0', "forRef" character varying(80) NOT NULL, "forLabel" character varying(200) NOT NULL, "lentBy" character varying(36) NOT NULL, "lentAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closedAt" TIMESTAMP WITH TIME ZONE, "closedBy" character varying(36), CONSTRAINT "PK_a3c171583fa123e0d4d9a983a78" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_a666bfdd2a3c2f2325cf4203df" ON "inventory_loans"  ("partId") `);
        await queryRunner.query(`CREATE INDEX "IDX_e4e547995759684e9d45ea4704" ON "inventory_loans"  ("forRef") `);
        await queryRunner.query(`CREATE INDEX "IDX_b56484ed985529bb19b84839dd" ON "inventory_loans"  ("siteId", "closedAt") `);
        await queryRunner.query(`CREATE TABLE "outreach_signups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "stopId" character varying(36) NOT NULL, "siteId" character varying(36) NOT NULL, "name" character varying(120) NOT NULL, "phone" character varying(20), "email" character varying(254), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d9999bb546d0b59bd649f92a902" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_20517671d5e4777cccf13e2671" ON "outreach_signups"  ("stopId") `);
        await queryRunner.query(`CREATE TABLE "outreach_stop_activities" ("activityId" character varying(36) NOT NULL, "stopId" character varying(36) NOT NULL, "siteId" character varying(36) NOT NULL, "type" character varying(12) NOT NULL, "participantsCount" integer NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_137ebe55325b54f10c7321e8a58" PRIMARY KEY ("activityId"))`);
        await queryRunner.query(`CREATE INDEX "IDX_79db19a2f365beae02fb550dae" ON "outreach_stop_activities"  ("stopId") `);
        await queryRunner.query(`CREATE TABLE "outreach_stops" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "placeName" character varying(200) NOT NULL, "address" character varying(300) NOT NULL, "commune" character varying(120) NOT NULL, "postalCode" character varying(5) NOT NULL, "inseeCode" character varying(5) NOT NULL, "date" character varying(10) NOT NULL, "startsAt" character varying(5) NOT NULL, "endsAt" character varying(5) NOT NULL, "capacity" integer NOT NULL, "signupsCount" integer NOT NULL DEFAULT '0', "vehicle" character varying(80), "details" character varying(1000), "createdBy" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bf3aa59ea090ab0a398d352c8be" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_ae48a9df7cc34394802ab4101d" ON "outreach_stops"  ("siteId", "date") `);
        await queryRunner.query(`ALTER TABLE "inventory_stock_moves" ADD "loanId" character varying(36)`);
        await queryRunner.query(`ALTER TABLE "mediation_activities" ADD "placeName" character varying(200)`);
        await queryRunner.query(`ALTER TABLE "mediation_activities" ADD "placeAddress" character varying(300)`);
        await queryRunner.query(`CREATE INDEX "IDX_fc52c3ae6f8b10d37077751903" ON "inventory_stock_moves"  ("loanId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_fc52c3ae6f8b10d37077751903"`);
        await queryRunner.query(`ALTER TABLE "mediation_activities" DROP COLUMN "placeAddress"`);
        await queryRunner.query(`ALTER TABLE "mediation_activities" DROP COLUMN "placeName"`);
        await queryRunner.query(`ALTER TABLE "inventory_stock_moves" DROP COLUMN "loanId"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ae48a9df7cc34394802ab4101d"`);
        await queryRunner.query(`DROP TABLE "outreach_stops"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_79db19a2f365beae02fb550dae"`);
        await queryRunner.query(`DROP TABLE "outreach_stop_activities"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_20517671d5e4777cccf13e2671"`);
        await queryRunner.query(`DROP TABLE "outreach_signups"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_b56484ed985529bb19b84839dd"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_e4e547995759684e9d45ea4704"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_a666bfdd2a3c2f2325cf4203df"`);
        await queryRunner.query(`DROP TABLE "inventory_loans"`);
    }

}
