import { MigrationInterface, QueryRunner } from "typeorm";

export class JobApprovalAndTrainingLapse1796427529997 implements MigrationInterface {
    name = 'JobApprovalAndTrainingLapse1796427529997'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "job_approval_rules" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "machineType" varchar(20) NOT NULL, "setBy" varchar(36), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b66f1488fe16136f2dd32df0a8" ON "job_approval_rules" ("siteId", "machineType") `);
        await queryRunner.query(`CREATE TABLE "qualification_checkups" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "qualificationId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "trainerId" varchar(36) NOT NULL, "checkedOn" varchar(10) NOT NULL, "notes" varchar(1000) NOT NULL DEFAULT (''), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_a97f276cefc462bb125c8bce27" ON "qualification_checkups" ("qualificationId") `);
        await queryRunner.query(`CREATE TABLE "qualification_lapse_warnings" ("id" varchar PRIMARY KEY NOT NULL, "qualificationId" varchar(36) NOT NULL, "lapsesOn" varchar(10) NOT NULL, "sentAt" datetime NOT NULL)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_59564b3cdb34294ada32b61006" ON "qualification_lapse_warnings" ("qualificationId", "lapsesOn") `);
        await queryRunner.query(`DROP INDEX "IDX_73081f612a02f8977682abb1c5"`);
        await queryRunner.query(`DROP INDEX "IDX_b6d9efe5432fa526f74072a297"`);
        await queryRunner.query(`DROP INDEX "IDX_36418411f4eb850e2797f0068c"`);
        await queryRunner.query(`CREATE TABLE "temporary_fab_jobs" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "ownerId" varchar(36) NOT NULL, "machineId" varchar(36), "machineType" varchar(20), "material" varchar(60), "quantity" integer NOT NULL DEFAULT (1), "fileName" varchar(200) NOT NULL, "fileSha256" varchar(64) NOT NULL, "fileSize" integer NOT NULL, "status" varchar(20) NOT NULL, "reason" varchar(500), "position" integer NOT NULL DEFAULT (0), "analysis" text, "estimatedSeconds" integer, "thumbnailSha256" varchar(64), "thumbnailSmallSha256" varchar(64), "progress" real NOT NULL DEFAULT (0), "tokenHash" varchar(64), "tokenExpiresAt" datetime, "dispatchedBy" varchar(36), "startCommandId" varchar(36), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "queuedAt" datetime, "dispatchedAt" datetime, "startedAt" datetime, "finishedAt" datetime, "lastEventAt" datetime, "actualSeconds" integer, "actualMaterialG" real, "lastAckedLine" integer, "startLine" integer, "approvedBy" varchar(36), "reviewedBy" varchar(36), "reviewedAt" datetime, "reviewNote" varchar(1000), "makerAnswer" varchar(1000), "fileVersion" integer NOT NULL DEFAULT (1))`);
        await queryRunner.query(`INSERT INTO "temporary_fab_jobs"("id", "siteId", "ownerId", "machineId", "machineType", "material", "quantity", "fileName", "fileSha256", "fileSize", "status", "reason", "position", "analysis", "estimatedSeconds", "thumbnailSha256", "thumbnailSmallSha256", "progress", "tokenHash", "tokenExpiresAt", "dispatchedBy", "startCommandId", "createdAt", "queuedAt", "dispatchedAt", "startedAt", "finishedAt", "lastEventAt", "actualSeconds", "actualMaterialG", "lastAckedLine", "startLine") SELECT "id", "siteId", "ownerId", "machineId", "machineType", "material", "quantity", "fileName", "fileSha256", "fileSize", "status", "reason", "position", "analysis", "estimatedSeconds", "thumbnailSha256", "thumbnailSmallSha256", "progress", "tokenHash", "tokenExpiresAt", "dispatchedBy", "startCommandId", "createdAt", "queuedAt", "dispatchedAt", "startedAt", "finishedAt", "lastEventAt", "actualSeconds", "actualMaterialG", "lastAckedLine", "startLine" FROM "fab_jobs"`);
        await queryRunner.query(`DROP TABLE "fab_jobs"`);
        await queryRunner.query(`ALTER TABLE "temporary_fab_jobs" RENAME TO "fab_jobs"`);
        await queryRunner.query(`CREATE INDEX "IDX_73081f612a02f8977682abb1c5" ON "fab_jobs" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_b6d9efe5432fa526f74072a297" ON "fab_jobs" ("ownerId") `);
        await queryRunner.query(`CREATE INDEX "IDX_36418411f4eb850e2797f0068c" ON "fab_jobs" ("machineId", "status") `);
        await queryRunner.query(`DROP INDEX "IDX_1fdba183abee73394aea08010c"`);
        await queryRunner.query(`DROP INDEX "IDX_e264b45bb48e92fe9e07c2b3bf"`);
        await queryRunner.query(`DROP INDEX "IDX_ee35f642ba22f16cb3c82f833e"`);
        await queryRunner.query(`CREATE TABLE "temporary_qualifications" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "trainingId" varchar(36) NOT NULL, "trainerId" varchar(36), "passedOn" varchar(10) NOT NULL, "expiresAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "suspendedAt" datetime, "suspendedReason" varchar(300), "suspendedBy" varchar(36), "renewedOn" varchar(10))`);
        await queryRunner.query(`INSERT INTO "temporary_qualifications"("id", "siteId", "personId", "trainingId", "trainerId", "passedOn", "expiresAt", "createdAt", "suspendedAt", "suspendedReason", "suspendedBy") SELECT "id", "siteId", "personId", "trainingId", "trainerId", "passedOn", "expiresAt", "createdAt", "suspendedAt", "suspendedReason", "suspendedBy" FROM "qualifications"`);
        await queryRunner.query(`DROP TABLE "qualifications"`);
        await queryRunner.query(`ALTER TABLE "temporary_qualifications" RENAME TO "qualifications"`);
        await queryRunner.query(`CREATE INDEX "IDX_1fdba183abee73394aea08010c" ON "qualifications" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_e264b45bb48e92fe9e07c2b3bf" ON "qualifications" ("personId") `);
        await queryRunner.query(`CREATE INDEX "IDX_ee35f642ba22f16cb3c82f833e" ON "qualifications" ("trainingId") `);
        await queryRunner.query(`DROP INDEX "IDX_1ae531857e1686aff823947155"`);
        await queryRunner.query(`CREATE TABLE "temporary_trainings" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "name" varchar(200) NOT NULL, "nameEn" varchar(200) NOT NULL DEFAULT (''), "machineTypes" text NOT NULL DEFAULT ('[]'), "machineIds" text NOT NULL DEFAULT ('[]'), "validityMonths" integer, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "requiresRenewal" boolean NOT NULL DEFAULT (1), "prerequisiteIds" text NOT NULL DEFAULT ('[]'), "lapseMonths" integer, "lapseWarnDays" integer NOT NULL DEFAULT (14))`);
        await queryRunner.query(`INSERT INTO "temporary_trainings"("id", "siteId", "name", "nameEn", "machineTypes", "machineIds", "validityMonths", "createdAt", "requiresRenewal", "prerequisiteIds") SELECT "id", "siteId", "name", "nameEn", "machineTypes", "machineIds", "validityMonths", "createdAt", "requiresRenewal", "prerequisiteIds" FROM "trainings"`);
        await queryRunner.query(`DROP TABLE "trainings"`);
        await queryRunner.query(`ALTER TABLE "temporary_trainings" RENAME TO "trainings"`);
        await queryRunner.query(`CREATE INDEX "IDX_1ae531857e1686aff823947155" ON "trainings" ("siteId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_1ae531857e1686aff823947155"`);
        await queryRunner.query(`ALTER TABLE "trainings" RENAME TO "temporary_trainings"`);
        await queryRunner.query(`CREATE TABLE "trainings" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "name" varchar(200) NOT NULL, "nameEn" varchar(200) NOT NULL DEFAULT (''), "machineTypes" text NOT NULL DEFAULT ('[]'), "machineIds" text NOT NULL DEFAULT ('[]'), "validityMonths" integer, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "requiresRenewal" boolean NOT NULL DEFAULT (1), "prerequisiteIds" text NOT NULL DEFAULT ('[]'))`);
        await queryRunner.query(`INSERT INTO "trainings"("id", "siteId", "name", "nameEn", "machineTypes", "machineIds", "validityMonths", "createdAt", "requiresRenewal", "prerequisiteIds") SELECT "id", "siteId", "name", "nameEn", "machineTypes", "machineIds", "validityMonths", "createdAt", "requiresRenewal", "prerequisiteIds" FROM "temporary_trainings"`);
        await queryRunner.query(`DROP TABLE "temporary_trainings"`);
        await queryRunner.query(`CREATE INDEX "IDX_1ae531857e1686aff823947155" ON "trainings" ("siteId") `);
        await queryRunner.query(`DROP INDEX "IDX_ee35f642ba22f16cb3c82f833e"`);
        await queryRunner.query(`DROP INDEX "IDX_e264b45bb48e92fe9e07c2b3bf"`);
        await queryRunner.query(`DROP INDEX "IDX_1fdba183abee73394aea08010c"`);
        await queryRunner.query(`ALTER TABLE "qualifications" RENAME TO "temporary_qualifications"`);
        await queryRunner.query(`CREATE TABLE "qualifications" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "trainingId" varchar(36) NOT NULL, "trainerId" varchar(36), "passedOn" varchar(10) NOT NULL, "expiresAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "suspendedAt" datetime, "suspendedReason" varchar(300), "suspendedBy" varchar(36))`);
        await queryRunner.query(`INSERT INTO "qualifications"("id", "siteId", "personId", "trainingId", "trainerId", "passedOn", "expiresAt", "createdAt", "suspendedAt", "suspendedReason", "suspendedBy") SELECT "id", "siteId", "personId", "trainingId", "trainerId", "passedOn", "expiresAt", "createdAt", "suspendedAt", "suspendedReason", "suspendedBy" FROM "temporary_qualifications"`);
        await queryRunner.query(`DROP TABLE "temporary_qualifications"`);
        await queryRunner.query(`CREATE INDEX "IDX_ee35f642ba22f16cb3c82f833e" ON "qualifications" ("trainingId") `);
        await queryRunner.query(`CREATE INDEX "IDX_e264b45bb48e92fe9e07c2b3bf" ON "qualifications" ("personId") `);
        await queryRunner.query(`CREATE INDEX "IDX_1fdba183abee73394aea08010c" ON "qualifications" ("siteId") `);
        await queryRunner.query(`DROP INDEX "IDX_36418411f4eb850e2797f0068c"`);
        await queryRunner.query(`DROP INDEX "IDX_b6d9efe5432fa526f74072a297"`);
        await queryRunner.query(`DROP INDEX "IDX_73081f612a02f8977682abb1c5"`);
        await queryRunner.query(`ALTER TABLE "fab_jobs" RENAME TO "temporary_fab_jobs"`);
        await queryRunner.query(`CREATE TABLE "fab_jobs" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "ownerId" varchar(36) NOT NULL, "machineId" varchar(36), "machineType" varchar(20), "material" varchar(60), "quantity" integer NOT NULL DEFAULT (1), "fileName" varchar(200) NOT NULL, "fileSha256" varchar(64) NOT NULL, "fileSize" integer NOT NULL, "status" varchar(20) NOT NULL, "reason" varchar(500), "position" integer NOT NULL DEFAULT (0), "analysis" text, "estimatedSeconds" integer, "thumbnailSha256" varchar(64), "thumbnailSmallSha256" varchar(64), "progress" real NOT NULL DEFAULT (0), "tokenHash" varchar(64), "tokenExpiresAt" datetime, "dispatchedBy" varchar(36), "startCommandId" varchar(36), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "queuedAt" datetime, "dispatchedAt" datetime, "startedAt" datetime, "finishedAt" datetime, "lastEventAt" datetime, "actualSeconds" integer, "actualMaterialG" real, "lastAckedLine" integer, "startLine" integer)`);
        await queryRunner.query(`INSERT INTO "fab_jobs"("id", "siteId", "ownerId", "machineId", "machineType", "material", "quantity", "fileName", "fileSha256", "fileSize", "status", "reason", "position", "analysis", "estimatedSeconds", "thumbnailSha256", "thumbnailSmallSha256", "progress", "tokenHash", "tokenExpiresAt", "dispatchedBy", "startCommandId", "createdAt", "queuedAt", "dispatchedAt", "startedAt", "finishedAt", "lastEventAt", "actualSeconds", "actualMaterialG", "lastAckedLine", "startLine") SELECT "id", "siteId", "ownerId", "machineId", "machineType", "material", "quantity", "fileName", "fileSha256", "fileSize", "status", "reason", "position", "analysis", "estimatedSeconds", "thumbnailSha256", "thumbnailSmallSha256", "progress", "tokenHash", "tokenExpiresAt", "dispatchedBy", "startCommandId", "createdAt", "queuedAt", "dispatchedAt", "startedAt", "finishedAt", "lastEventAt", "actualSeconds", "actualMaterialG", "lastAckedLine", "startLine" FROM "temporary_fab_jobs"`);
        await queryRunner.query(`DROP TABLE "temporary_fab_jobs"`);
        await queryRunner.query(`CREATE INDEX "IDX_36418411f4eb850e2797f0068c" ON "fab_jobs" ("machineId", "status") `);
        await queryRunner.query(`CREATE INDEX "IDX_b6d9efe5432fa526f74072a297" ON "fab_jobs" ("ownerId") `);
        await queryRunner.query(`CREATE INDEX "IDX_73081f612a02f8977682abb1c5" ON "fab_jobs" ("siteId") `);
        await queryRunner.query(`DROP INDEX "IDX_59564b3cdb34294ada32b61006"`);
        await queryRunner.query(`DROP TABLE "qualification_lapse_warnings"`);
        await queryRunner.query(`DROP INDEX "IDX_a97f276cefc462bb125c8bce27"`);
        await queryRunner.query(`DROP TABLE "qualification_checkups"`);
        await queryRunner.query(`DROP INDEX "IDX_b66f1488fe16136f2dd32df0a8"`);
        await queryRunner.query(`DROP TABLE "job_approval_rules"`);
    }

}
