import { MigrationInterface, QueryRunner } from "typeorm";

export class Skills1796082809075 implements MigrationInterface {
    name = 'Skills1796082809075'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "skill_certifications" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "name" varchar(200) NOT NULL, "description" varchar(1000) NOT NULL DEFAULT (''), "requirements" text NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_7bfebea1aca1389fcb8f764456" ON "skill_certifications" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "skill_evidence_rules" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "skillId" varchar(36) NOT NULL, "level" integer NOT NULL, "source" varchar(20) NOT NULL, "machineType" varchar(20), "trainingId" varchar(36), "minCount" integer NOT NULL DEFAULT (1), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_216fc9cbd4dd9abe6ffd5eeec0" ON "skill_evidence_rules" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "issued_credentials" ("id" varchar(36) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "kind" varchar(20) NOT NULL, "refId" varchar(36) NOT NULL, "level" integer, "document" text NOT NULL, "revokedAt" datetime, "issuedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_f4304f74913e8191a7d14d52d2" ON "issued_credentials" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_d84e3bb501725589cbb9024632" ON "issued_credentials" ("personId") `);
        await queryRunner.query(`CREATE TABLE "learner_profiles" ("personId" varchar(36) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "need" varchar(40), "categoriesConsent" boolean NOT NULL DEFAULT (0), "ageBand" varchar(20), "categories" text NOT NULL DEFAULT ('[]'), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_b108901046d83a8fe6f335eefe" ON "learner_profiles" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "learning_plans" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "certificationId" varchar(36) NOT NULL, "createdBy" varchar(36) NOT NULL, "hoursNeeded" integer NOT NULL, "hoursPerWeek" integer NOT NULL, "startsOn" varchar(10) NOT NULL, "weeks" text NOT NULL, "employerName" varchar(200), "employerConfirmedAt" datetime, "adviserName" varchar(200), "adviserConfirmedAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_67d41edf695f428d40217856f7" ON "learning_plans" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_18bea93386ba5935eac93dfa96" ON "learning_plans" ("personId") `);
        await queryRunner.query(`CREATE TABLE "skill_evidence" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "skillId" varchar(36) NOT NULL, "level" integer NOT NULL, "date" varchar(10) NOT NULL, "source" varchar(20) NOT NULL, "sourceRef" varchar(80) NOT NULL, "validatedBy" varchar(36), "note" varchar(500) NOT NULL DEFAULT (''), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_f27af59ae86a76151b12a341a9" ON "skill_evidence" ("siteId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_skill_evidence_source" ON "skill_evidence" ("personId", "skillId", "source", "sourceRef") `);
        await queryRunner.query(`CREATE INDEX "IDX_f4dd8d0cd966a31e0bbdb0c3aa" ON "skill_evidence" ("personId", "skillId") `);
        await queryRunner.query(`CREATE TABLE "skill_frameworks" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "kind" varchar(20) NOT NULL, "name" varchar(200) NOT NULL, "version" integer NOT NULL, "current" boolean NOT NULL DEFAULT (1), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b1e67bdfc4c8bb551fcafea57c" ON "skill_frameworks" ("siteId", "kind", "version") `);
        await queryRunner.query(`CREATE TABLE "skills" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "frameworkId" varchar(36) NOT NULL, "code" varchar(60) NOT NULL, "name" varchar(200) NOT NULL, "nameEn" varchar(200) NOT NULL DEFAULT (''), "area" varchar(200) NOT NULL DEFAULT (''), "levels" text NOT NULL, "hoursPerLevel" integer NOT NULL DEFAULT (4))`);
        await queryRunner.query(`CREATE INDEX "IDX_10211987ee069ebeaa1024f8d7" ON "skills" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_a5603c2f92ec0006dfee8ff219" ON "skills" ("frameworkId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d4e06242e30f7985984998ac14" ON "skills" ("frameworkId", "code") `);
        await queryRunner.query(`CREATE TABLE "workshop_enrolments" ("id" varchar PRIMARY KEY NOT NULL, "workshopId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "status" varchar(12) NOT NULL, "seq" integer NOT NULL, "attended" boolean NOT NULL DEFAULT (0), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_6bcc8e6464a8e29ca88a5026d3" ON "workshop_enrolments" ("workshopId") `);
        await queryRunner.query(`CREATE INDEX "IDX_2276e43ebd38c5f836174c341d" ON "workshop_enrolments" ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_64c7543ce444b2dac66ad27cc0" ON "workshop_enrolments" ("workshopId", "personId") `);
        await queryRunner.query(`CREATE TABLE "workshops" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "title" varchar(200) NOT NULL, "theme" varchar(40) NOT NULL, "trainerId" varchar(36), "startsAt" datetime NOT NULL, "durationMinutes" integer NOT NULL, "capacity" integer NOT NULL, "skills" text NOT NULL DEFAULT ('[]'), "enrolmentSeq" integer NOT NULL DEFAULT (0), "remindedAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_1bd2e0165cbf0624eb4ca71ff6" ON "workshops" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_4c8e049519eca9ceb0969fb124" ON "workshops" ("startsAt") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_4c8e049519eca9ceb0969fb124"`);
        await queryRunner.query(`DROP INDEX "IDX_1bd2e0165cbf0624eb4ca71ff6"`);
        await queryRunner.query(`DROP TABLE "workshops"`);
        await queryRunner.query(`DROP INDEX "IDX_64c7543ce444b2dac66ad27cc0"`);
        await queryRunner.query(`DROP INDEX "IDX_2276e43ebd38c5f836174c341d"`);
        await queryRunner.query(`DROP INDEX "IDX_6bcc8e6464a8e29ca88a5026d3"`);
        await queryRunner.query(`DROP TABLE "workshop_enrolments"`);
        await queryRunner.query(`DROP INDEX "IDX_d4e06242e30f7985984998ac14"`);
        await queryRunner.query(`DROP INDEX "IDX_a5603c2f92ec0006dfee8ff219"`);
        await queryRunner.query(`DROP INDEX "IDX_10211987ee069ebeaa1024f8d7"`);
        await queryRunner.query(`DROP TABLE "skills"`);
        await queryRunner.query(`DROP INDEX "IDX_b1e67bdfc4c8bb551fcafea57c"`);
        await queryRunner.query(`DROP TABLE "skill_frameworks"`);
        await queryRunner.query(`DROP INDEX "IDX_f4dd8d0cd966a31e0bbdb0c3aa"`);
        await queryRunner.query(`DROP INDEX "uq_skill_evidence_source"`);
        await queryRunner.query(`DROP INDEX "IDX_f27af59ae86a76151b12a341a9"`);
        await queryRunner.query(`DROP TABLE "skill_evidence"`);
        await queryRunner.query(`DROP INDEX "IDX_18bea93386ba5935eac93dfa96"`);
        await queryRunner.query(`DROP INDEX "IDX_67d41edf695f428d40217856f7"`);
        await queryRunner.query(`DROP TABLE "learning_plans"`);
        await queryRunner.query(`DROP INDEX "IDX_b108901046d83a8fe6f335eefe"`);
        await queryRunner.query(`DROP TABLE "learner_profiles"`);
        await queryRunner.query(`DROP INDEX "IDX_d84e3bb501725589cbb9024632"`);
        await queryRunner.query(`DROP INDEX "IDX_f4304f74913e8191a7d14d52d2"`);
        await queryRunner.query(`DROP TABLE "issued_credentials"`);
        await queryRunner.query(`DROP INDEX "IDX_216fc9cbd4dd9abe6ffd5eeec0"`);
        await queryRunner.query(`DROP TABLE "skill_evidence_rules"`);
        await queryRunner.query(`DROP INDEX "IDX_7bfebea1aca1389fcb8f764456"`);
        await queryRunner.query(`DROP TABLE "skill_certifications"`);
    }

}
