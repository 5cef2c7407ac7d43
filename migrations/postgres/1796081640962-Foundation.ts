import { MigrationInterface, QueryRunner } from "typeorm";

export class Foundation1796081640962 implements MigrationInterface {
    name = 'Foundation1796081640962'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "access_decisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "machineId" character varying(36) NOT NULL, "requestId" character varying(36) NOT NULL, "uid" character varying(20) NOT NULL, "personId" character varying(36), "decision" character varying(10) NOT NULL, "reason" character varying(40), "sessionId" character varying(36), "source" character varying(10) NOT NULL DEFAULT 'server', "messageFr" character varying(300) NOT NULL DEFAULT '', "decidedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "reply" text, CONSTRAINT "PK_c21da7bdd22bc3e47fd7133003a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_2dfc382b7ff3898892986a90d7" ON "access_decisions"  ("machineId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_0af60db4720260562e1363fed7" ON "access_decisions"  ("requestId") `);
        await queryRunner.query(`CREATE INDEX "IDX_5607cf1bde0d7fd6c71bf09792" ON "access_decisions"  ("personId") `);
        await queryRunner.query(`CREATE INDEX "IDX_47e427d36b24a89e332a7934ee" ON "access_decisions"  ("siteId", "decidedAt") `);
        await queryRunner.query(`CREATE TABLE "processed_events" ("eventId" character varying(36) NOT NULL, "machineId" character varying(36) NOT NULL, "type" character varying(40) NOT NULL, "receivedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6df2a6135cc301de873d3b3948c" PRIMARY KEY ("eventId"))`);
        await queryRunner.query(`CREATE TABLE "usage_sessions" ("id" character varying(36) NOT NULL, "siteId" character varying(36) NOT NULL, "machineId" character varying(36) NOT NULL, "personId" character varying(36) NOT NULL, "badgeId" character varying(36), "startedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "until" TIMESTAMP WITH TIME ZONE NOT NULL, "endedAt" TIMESTAMP WITH TIME ZONE, "endReason" character varying(20), CONSTRAINT "PK_42692592ebe042eacacc1647dc7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_ec8da56c5f63981d86ac908361" ON "usage_sessions"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_63497c97d82afa96b4236e53cd" ON "usage_sessions"  ("machineId") `);
        await queryRunner.query(`CREATE INDEX "IDX_c2e8062a3e75df76ebc06b0a31" ON "usage_sessions"  ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_usage_sessions_open_machine" ON "usage_sessions"  ("machineId") WHERE "endedAt" IS NULL`);
        await queryRunner.query(`CREATE TABLE "auth_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "personId" character varying(36) NOT NULL, "tokenHash" character varying(64) NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_41e9ddfbb32da18c4e85e45c2fd" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_47fd175a4bde16369b6638cef0" ON "auth_tokens"  ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_323c4ca6708c6a8b81af2b4ee0" ON "auth_tokens"  ("tokenHash") `);
        await queryRunner.query(`CREATE TABLE "bridges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "slug" character varying(63) NOT NULL, "name" character varying(200) NOT NULL DEFAULT '', "username" character varying(140) NOT NULL, "secretHash" character varying(64) NOT NULL, "online" boolean NOT NULL DEFAULT false, "version" character varying(40), "lastSeenAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_56ec9a8788dc41af851494d2a11" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_e93d29139925a2f753fbe0410e" ON "bridges"  ("siteId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_24f98acc17d05ad5158b27b9b1" ON "bridges"  ("username") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_bae21fb2c30126d56c8a607f9f" ON "bridges"  ("siteId", "slug") `);
        await queryRunner.query(`CREATE TABLE "machines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "slug" character varying(63) NOT NULL, "name" character varying(200) NOT NULL, "type" character varying(20) NOT NULL, "profile" text NOT NULL DEFAULT '{}', "status" character varying(20) NOT NULL DEFAULT 'free', "statusReason" character varying(300), "bridgeId" character varying(36), "maxSessionMinutes" integer NOT NULL DEFAULT '480', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7b0817c674bb984650c5274e713" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_6b6353e0757321986645d527fc" ON "machines"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_854d20c44a564a888df9f76223" ON "machines"  ("bridgeId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d57e9828fe6899f6fce913d5ac" ON "machines"  ("siteId", "slug") `);
        await queryRunner.query(`CREATE TABLE "badges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "personId" character varying(36) NOT NULL, "uid" character varying(20) NOT NULL, "label" character varying(80) NOT NULL DEFAULT '', "revokedAt" TIMESTAMP WITH TIME ZONE, "revokedReason" character varying(200), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8a651318b8de577e8e217676466" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_137673fca96931ed072b133633" ON "badges"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_35a69e6ede47105874231d3345" ON "badges"  ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f2aa7094270cf9d40556c99ec2" ON "badges"  ("uid") `);
        await queryRunner.query(`CREATE TABLE "people" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36), "firstName" character varying(120) NOT NULL, "lastName" character varying(120) NOT NULL DEFAULT '', "email" character varying(254), "role" character varying(20) NOT NULL DEFAULT 'maker', "active" boolean NOT NULL DEFAULT true, "passwordHash" character varying(100), "locale" character varying(5) NOT NULL DEFAULT 'fr', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_aa866e71353ee94c6cc51059c5b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_ba1787e1d5903ecabe407ada23" ON "people"  ("siteId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c77e8752faa45901af2b245dff" ON "people"  ("email") `);
        await queryRunner.query(`CREATE TABLE "sites" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" character varying(63) NOT NULL, "name" character varying(200) NOT NULL, "timezone" character varying(64) NOT NULL DEFAULT 'Europe/Paris', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_26503a75e987672fb5af9258cc2" UNIQUE ("slug"), CONSTRAINT "PK_4f5eccb1dfde10c9170502595a7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "qualifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "personId" character varying(36) NOT NULL, "trainingId" character varying(36) NOT NULL, "trainerId" character varying(36), "passedOn" character varying(10) NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9ed4d526ac3b76ba3f1c1080433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_1fdba183abee73394aea08010c" ON "qualifications"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_e264b45bb48e92fe9e07c2b3bf" ON "qualifications"  ("personId") `);
        await queryRunner.query(`CREATE INDEX "IDX_ee35f642ba22f16cb3c82f833e" ON "qualifications"  ("trainingId") `);
        await queryRunner.query(`CREATE TABLE "trainings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "name" character varying(200) NOT NULL, "nameEn" character varying(200) NOT NULL DEFAULT '', "machineTypes" text NOT NULL DEFAULT '[]', "machineIds" text NOT NULL DEFAULT '[]', "validityMonths" integer, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b67237502b175163e47dc85018d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_1ae531857e1686aff823947155" ON "trainings"  ("siteId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_1ae531857e1686aff823947155"`);
        await queryRunner.query(`DROP TABLE "trainings"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ee35f642ba22f16cb3c82f833e"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_e264b45bb48e92fe9e07c2b3bf"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_1fdba183abee73394aea08010c"`);
        await queryRunner.query(`DROP TABLE "qualifications"`);
        await queryRunner.query(`DROP TABLE "sites"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_c77e8752faa45901af2b245dff"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ba1787e1d5903ecabe407ada23"`);
        await queryRunner.query(`DROP TABLE "people"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_f2aa7094270cf9d40556c99ec2"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_35a69e6ede47105874231d3345"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_137673fca96931ed072b133633"`);
        await queryRunner.query(`DROP TABLE "badges"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_d57e9828fe6899f6fce913d5ac"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_854d20c44a564a888df9f76223"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_6b6353e0757321986645d527fc"`);
        await queryRunner.query(`DROP TABLE "machines"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_bae21fb2c30126d56c8a607f9f"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_24f98acc17d05ad5158b27b9b1"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_e93d29139925a2f753fbe0410e"`);
        await queryRunner.query(`DROP TABLE "bridges"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_323c4ca6708c6a8b81af2b4ee0"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_47fd175a4bde16369b6638cef0"`);
        await queryRunner.query(`DROP TABLE "auth_tokens"`);
        await queryRunner.query(`DROP INDEX "public"."uq_usage_sessions_open_machine"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_c2e8062a3e75df76ebc06b0a31"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_63497c97d82afa96b4236e53cd"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ec8da56c5f63981d86ac908361"`);
        await queryRunner.query(`DROP TABLE "usage_sessions"`);
        await queryRunner.query(`DROP TABLE "processed_events"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_47e427d36b24a89e332a7934ee"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_5607cf1bde0d7fd6c71bf09792"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_0af60db4720260562e1363fed7"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_2dfc382b7ff3898892986a90d7"`);
        await queryRunner.query(`DROP TABLE "access_decisions"`);
    }

}
