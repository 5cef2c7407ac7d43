import { MigrationInterface, QueryRunner } from "typeorm";

export class Memberships1796416318445 implements MigrationInterface {
    name = 'Memberships1796416318445'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "memberships" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "planId" character varying(36) NOT NULL, "personId" character varying(36) NOT NULL, "companyName" character varying(200), "status" character varying(20) NOT NULL DEFAULT 'pending', "category" character varying(40) NOT NULL, "priceCents" integer NOT NULL, "year" integer, "startsAt" TIMESTAMP WITH TIME ZONE, "endsAt" TIMESTAMP WITH TIME ZONE, "paymentId" character varying(80), "paidAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_25d28bd932097a9e90495ede7b4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_8bc39d5d9eb215de7248f381e1" ON "memberships"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_9b5139de55b7990de8ee069b8f" ON "memberships"  ("personId") `);
        await queryRunner.query(`CREATE INDEX "IDX_6aaed5e6b9409368fd135b3452" ON "memberships"  ("siteId", "endsAt") `);
        await queryRunner.query(`CREATE TABLE "membership_members" ("membershipId" character varying(36) NOT NULL, "personId" character varying(36) NOT NULL, "siteId" character varying(36) NOT NULL, "addedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cf192ebb7c086df838f40885cfb" PRIMARY KEY ("membershipId", "personId"))`);
        await queryRunner.query(`CREATE INDEX "IDX_468f6096eb1fe43c4a3a72f526" ON "membership_members"  ("personId") `);
        await queryRunner.query(`CREATE TABLE "membership_plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "name" character varying(120) NOT NULL, "period" character varying(20) NOT NULL, "prices" text NOT NULL, "forCompany" boolean NOT NULL DEFAULT false, "maxMembers" integer, "active" boolean NOT NULL DEFAULT true, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_85ca9d6f4262a6bbff2a540c640" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_c401573c4e1908225c1652150a" ON "membership_plans"  ("siteId") `);
        await queryRunner.query(`CREATE TABLE "membership_reminders" ("membershipId" character varying(36) NOT NULL, "daysBefore" integer NOT NULL, "sentAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a863222d4f0f7d4a5546d4ef2d9" PRIMARY KEY ("membershipId", "daysBefore"))`);
        await queryRunner.query(`CREATE TABLE "membership_rules" ("siteId" character varying(36) NOT NULL, "requiredToBook" boolean NOT NULL DEFAULT false, "requiredToUnlock" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_49ccd9086e2c3bd909e585bc3db" PRIMARY KEY ("siteId"))`);
        await queryRunner.query(`CREATE TABLE "pack_draws" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "purchaseId" character varying(36) NOT NULL, "personId" character varying(36) NOT NULL, "source" character varying(80) NOT NULL, "minutes" integer NOT NULL, "drawnAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_09308223fa4c0314eeb04bea48a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_7a651a2036a884142775843f2f" ON "pack_draws"  ("purchaseId") `);
        await queryRunner.query(`CREATE INDEX "IDX_5ac5d960a4fcb74e1dc15ed2a9" ON "pack_draws"  ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_be191dd65b8d9176f94486ef70" ON "pack_draws"  ("source", "purchaseId") `);
        await queryRunner.query(`CREATE TABLE "pack_offers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "name" character varying(120) NOT NULL, "machineId" character varying(36), "machineType" character varying(20), "minutes" integer NOT NULL, "priceCents" integer NOT NULL, "vatBasisPoints" integer NOT NULL DEFAULT '0', "validityDays" integer NOT NULL, "active" boolean NOT NULL DEFAULT true, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_03db6b16baa68824f90abb13fb7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_43750aaed5e87fa836a9ce96f9" ON "pack_offers"  ("siteId") `);
        await queryRunner.query(`CREATE TABLE "pack_purchases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "offerId" character varying(36) NOT NULL, "personId" character varying(36) NOT NULL, "name" character varying(120) NOT NULL, "machineId" character varying(36), "machineType" character varying(20), "minutes" integer NOT NULL, "usedMinutes" integer NOT NULL DEFAULT '0', "priceCents" integer NOT NULL, "vatBasisPoints" integer NOT NULL DEFAULT '0', "validityDays" integer NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'pending', "paymentId" character varying(80), "activatedAt" TIMESTAMP WITH TIME ZONE, "expiresAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1a0edc9088d5cdecce6aefdc996" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_63cddd6f811f10dc15a4f08fba" ON "pack_purchases"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_7d46a3d66a96ff5d7127d24409" ON "pack_purchases"  ("personId", "status") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_7d46a3d66a96ff5d7127d24409"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_63cddd6f811f10dc15a4f08fba"`);
        await queryRunner.query(`DROP TABLE "pack_purchases"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_43750aaed5e87fa836a9ce96f9"`);
        await queryRunner.query(`DROP TABLE "pack_offers"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_be191dd65b8d9176f94486ef70"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_5ac5d960a4fcb74e1dc15ed2a9"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_7a651a2036a884142775843f2f"`);
        await queryRunner.query(`DROP TABLE "pack_draws"`);
        await queryRunner.query(`DROP TABLE "membership_rules"`);
        await queryRunner.query(`DROP TABLE "membership_reminders"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_c401573c4e1908225c1652150a"`);
        await queryRunner.query(`DROP TABLE "membership_plans"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_468f6096eb1fe43c4a3a72f526"`);
        await queryRunner.query(`DROP TABLE "membership_members"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_6aaed5e6b9409368fd135b3452"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_9b5139de55b7990de8ee069b8f"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_8bc39d5d9eb215de7248f381e1"`);
        await queryRunner.query(`DROP TABLE "memberships"`);
    }

}
