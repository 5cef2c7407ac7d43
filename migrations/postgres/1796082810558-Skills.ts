import { MigrationInterface, QueryRunner } from "typeorm";

export class Skills1796082810558 implements MigrationInterface {
    name = 'Skills1796082810558'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "skill_certifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "name" character varying(200) NOT NULL, "description" character varying(1000) NOT NULL DEFAULT '', "requirements" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1693d46a887f5c42b3c909f3ea6" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_7bfebea1aca1389fcb8f764456" ON "skill_certifications"  ("siteId") `);
        await queryRunner.query(`CREATE TABLE "skill_evidence_rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "skillId" character varying(36) NOT NULL, "level" integer NOT NULL, "source" character varying(20) NOT NULL, "machineType" character varying(20), "trainingId" character varying(36), "minCount" integer NOT NULL DEFAULT '1', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4c4ddca4e79096e3d88158a7dc9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_216fc9cbd4dd9abe6ffd5eeec0" ON "skill_evidence_rules"  ("siteId") `);
        await queryRunner.query(`CREATE TABLE "issued_credentials" ("id" character varying(36) NOT NULL, "siteId" character varying(36) NOT NULL, "personId" character varying(36) NOT NULL, "kind" character varying(20) NOT NULL, "refId" character varying(36) NOT NULL, "level" integer, "document" text NOT NULL, "revokedAt" TIMESTAMP WITH TIME ZONE, "issuedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_62e9868606eb88b66ccd03e8283" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_f4304f74913e8191a7d14d52d2" ON "issued_credentials"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_d84e3bb501725589cbb9024632" ON "issued_credentials"  ("personId") `);
        await queryRunner.query(`CREATE TABLE "learner_profiles" ("personId" character varying(36) NOT NULL, "siteId" character varying(36) NOT NULL, "need" character varying(40), "categoriesConsent" boolean NOT NULL DEFAULT false, "ageBand" character varying(20), "categories" text NOT NULL DEFAULT '[]', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0d0c820f0b36ad0034085168fd9" PRIMARY KEY ("personId"))`);
        await queryRunner.query(`CREATE INDEX "IDX_b108901046d83a8fe6f335eefe" ON "learner_profiles"  ("siteId") `);
        await queryRunner.query(`CREATE TABLE "learning_plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "personId" character varying(36) NOT NULL, "certificationId" character varying(36) NOT NULL, "createdBy" character varying(36) NOT NULL, "hoursNeeded" integer NOT NULL, "hoursPerWeek" integer NOT NULL, "startsOn" character varying(10) NOT NULL, "weeks" text NOT NULL, "employerName" character varying(200), "employerConfirmedAt" TIMESTAMP WITH TIME ZONE, "adviserName" character varying(200), "adviserConfirmedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_57eafa186118b454f420dd9fa7b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_67d41edf695f428d40217856f7" ON "learning_plans"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_18bea93386ba5935eac93dfa96" ON "learning_plans"  ("personId") `);
        await queryRunner.query(`CREATE TABLE "skill_evidence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "personId" character varying(36) NOT NULL, "skillId" character varying(36) NOT NULL, "level" integer NOT NULL, "date" character varying(10) NOT NULL, "source" character varying(20) NOT NULL, "sourceRef" character varying(80) NOT NULL, "validatedBy" character varying(36), "note" character varying(500) NOT NULL DEFAULT '', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_406cb9987ebfdcb072b60e0aa95" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_f27af59ae86a76151b12a341a9" ON "skill_evidence"  ("siteId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_skill_evidence_source" ON "skill_evidence"  ("personId", "skillId", "source", "sourceRef") `);
        await queryRunner.query(`CREATE INDEX "IDX_f4dd8d0cd966a31e0bbdb0c3aa" ON "skill_evidence"  ("personId", "skillId") `);
        await queryRunner.query(`CREATE TABLE "skill_frameworks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "kind" character varying(20) NOT NULL, "name" character varying(200) NOT NULL, "version" integer NOT NULL, "current" boolean NOT NULL DEFAULT true, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e594aef58b5ddf0eb18c81a9ef0" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b1e67bdfc4c8bb551fcafea57c" ON "skill_frameworks"  ("siteId", "kind", "version") `);
        await queryRunner.query(`CREATE TABLE "skills" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "frameworkId" character varying(36) NOT NULL, "code" character varying(60) NOT NULL, "name" character varying(200) NOT NULL, "nameEn" character varying(200) NOT NULL DEFAULT '', "area" character varying(200) NOT NULL DEFAULT '', "levels" text NOT NULL, "hoursPerLevel" integer NOT NULL DEFAULT '4', CONSTRAINT "PK_0d3212120f4ecedf90864d7e298" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_10211987ee069ebeaa1024f8d7" ON "skills"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_a5603c2f92ec0006dfee8ff219" ON "skills"  ("frameworkId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d4e06242e30f7985984998ac14" ON "skills"  ("frameworkId", "code") `);
        await queryRunner.query(`CREATE TABLE "workshop_enrolments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workshopId" character varying(36) NOT NULL, "personId" character varying(36) NOT NULL, "status" character varying(12) NOT NULL, "seq" integer NOT NULL, "attended" boolean NOT NULL DEFAULT false, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ed910af1f66c9ee9d50faf9e992" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_6bcc8e6464a8e29ca88a5026d3" ON "workshop_enrolments"  ("workshopId") `);
        await queryRunner.query(`CREATE INDEX "IDX_2276e43ebd38c5f836174c341d" ON "workshop_enrolments"  ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_64c7543ce444b2dac66ad27cc0" ON "workshop_enrolments"  ("workshopId", "personId") `);
        await queryRunner.query(`CREATE TABLE "workshops" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "title" character varying(200) NOT NULL, "theme" character varying(40) NOT NULL, "trainerId" character varying(36), "startsAt" TIMESTAMP WITH TIME ZONE NOT NULL, "durationMinutes" integer NOT NULL, "capacity" integer NOT NULL, "skills" text NOT NULL DEFAULT '[]', "enrolmentSeq" integer NOT NULL DEFAULT '0', "remindedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6d0e82a124f5b53df91c8989848" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_1bd2e0165cbf0624eb4ca71ff6" ON "workshops"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_4c8e049519eca9ceb0969fb124" ON "workshops"  ("startsAt") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_4c8e049519eca9ceb0969fb124"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_1bd2e0165cbf0624eb4ca71ff6"`);
        await queryRunner.query(`DROP TABLE "workshops"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_64c7543ce444b2dac66ad27cc0"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_2276e43ebd38c5f836174c341d"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_6bcc8e6464a8e29ca88a5026d3"`);
        await queryRunner.query(`DROP TABLE "workshop_enrolments"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_d4e06242e30f7985984998ac14"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_a5603c2f92ec0006dfee8ff219"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_10211987ee069ebeaa1024f8d7"`);
        await queryRunner.query(`DROP TABLE "skills"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_b1e67bdfc4c8bb551fcafea57c"`);
        await queryRunner.query(`DROP TABLE "skill_frameworks"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_f4dd8d0cd966a31e0bbdb0c3aa"`);
        await queryRunner.query(`DROP INDEX "public"."uq_skill_evidence_source"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_f27af59ae86a76151b12a341a9"`);
        await queryRunner.query(`DROP TABLE "skill_evidence"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_18bea93386ba5935eac93dfa96"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_67d41edf695f428d40217856f7"`);
        await queryRunner.query(`DROP TABLE "learning_plans"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_b108901046d83a8fe6f335eefe"`);
        await queryRunner.query(`DROP TABLE "learner_profiles"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_d84e3bb501725589cbb9024632"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_f4304f74913e8191a7d14d52d2"`);
        await queryRunner.query(`DROP TABLE "issued_credentials"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_216fc9cbd4dd9abe6ffd5eeec0"`);
        await queryRunner.query(`DROP TABLE "skill_evidence_rules"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_7bfebea1aca1389fcb8f764456"`);
        await queryRunner.query(`DROP TABLE "skill_certifications"`);
    }

}
