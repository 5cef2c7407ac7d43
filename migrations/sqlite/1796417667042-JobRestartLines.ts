import { MigrationInterface, QueryRunner } from "typeorm";

export class JobRestartLines1796417667042 implements MigrationInterface {
    name = 'JobRestartLines1796417667042'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_36418411f4eb850e2797f0068c"`);
        await queryRunner.query(`DROP INDEX "IDX_b6d9efe5432fa526f74072a297"`);
        await queryRunner.query(`DROP INDEX "IDX_73081f612a02f8977682abb1c5"`);
        await queryRunner.query(`CREATE TABLE "temporary_fab_jobs" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "ownerId" varchar(36) NOT NULL, "machineId" varchar(36), "machineType" varchar(20), "material" varchar(60), "quantity" integer NOT NULL DEFAULT (1), "fileName" varchar(200) NOT NULL, "fileSha256" varchar(64) NOT NULL, "fileSize" integer NOT NULL, "status" varchar(20) NOT NULL, "reason" varchar(500), "position" integer NOT NULL DEFAULT (0), "analysis" text, "estimatedSeconds" integer, "thumbnailSha256" varchar(64), "thumbnailSmallSha256" varchar(64), "progress" real NOT NULL DEFAULT (0), "tokenHash" varchar(64), "tokenExpiresAt" datetime, "dispatchedBy" varchar(36), "startCommandId" varchar(36), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "queuedAt" datetime, "dispatchedAt" datetime, "startedAt" datetime, "finishedAt" datetime, "lastEventAt" datetime, "actualSeconds" integer, "actualMaterialG" real, "lastAckedLine" integer, "startLine" integer)`);
        await queryRunner.query(`INSERT INTO "temporary_fab_jobs"("id", "siteId", "ownerId", "machineId", "machineType", "material", "quantity", "fileName", "fileSha256", "fileSize", "status", "reason", "position", "analysis", "estimatedSeconds", "thumbnailSha256", "thumbnailSmallSha256", "progress", "tokenHash", "tokenExpiresAt", "dispatchedBy", "startCommandId", "createdAt", "queuedAt", "dispatchedAt", "startedAt", "finishedAt", "lastEventAt", "actualSeconds", "actualMaterialG") SELECT "id", "siteId", "ownerId", "machineId", "machineType", "material", "quantity", "fileName", "fileSha256", "fileSize", "status", "reason", "position", "analysis", "estimatedSeconds", "thumbnailSha256", "thumbnailSmallSha256", "progress", "tokenHash", "tokenExpiresAt", "dispatchedBy", "startCommandId", "createdAt", "queuedAt", "dispatchedAt", "startedAt", "finishedAt", "lastEventAt", "actualSeconds", "actualMaterialG" FROM "fab_jobs"`);
        await queryRunner.query(`DROP TABLE "fab_jobs"`);
        await queryRunner.query(`ALTER TABLE "temporary_fab_jobs" RENAME TO "fab_jobs"`);
        await queryRunner.query(`CREATE INDEX "IDX_36418411f4eb850e2797f0068c" ON "fab_jobs" ("machineId", "status") `);
        await queryRunner.query(`CREATE INDEX "IDX_b6d9efe5432fa526f74072a297" ON "fab_jobs" ("ownerId") `);
        await queryRunner.query(`CREATE INDEX "IDX_73081f612a02f8977682abb1c5" ON "fab_jobs" ("siteId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_73081f612a02f8977682abb1c5"`);
        await queryRunner.query(`DROP INDEX "IDX_b6d9efe5432fa526f74072a297"`);
        await queryRunner.query(`DROP INDEX "IDX_36418411f4eb850e2797f0068c"`);
        await queryRunner.query(`ALTER TABLE "fab_jobs" RENAME TO "temporary_fab_jobs"`);
        await queryRunner.query(`CREATE TABLE "fab_jobs" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "ownerId" varchar(36) NOT NULL, "machineId" varchar(36), "machineType" varchar(20), "material" varchar(60), "quantity" integer NOT NULL DEFAULT (1), "fileName" varchar(200) NOT NULL, "fileSha256" varchar(64) NOT NULL, "fileSize" integer NOT NULL, "status" varchar(20) NOT NULL, "reason" varchar(500), "position" integer NOT NULL DEFAULT (0), "analysis" text, "estimatedSeconds" integer, "thumbnailSha256" varchar(64), "thumbnailSmallSha256" varchar(64), "progress" real NOT NULL DEFAULT (0), "tokenHash" varchar(64), "tokenExpiresAt" datetime, "dispatchedBy" varchar(36), "startCommandId" varchar(36), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "queuedAt" datetime, "dispatchedAt" datetime, "startedAt" datetime, "finishedAt" datetime, "lastEventAt" datetime, "actualSeconds" integer, "actualMaterialG" real)`);
        await queryRunner.query(`INSERT INTO "fab_jobs"("id", "siteId", "ownerId", "machineId", "machineType", "material", "quantity", "fileName", "fileSha256", "fileSize", "status", "reason", "position", "analysis", "estimatedSeconds", "thumbnailSha256", "thumbnailSmallSha256", "progress", "tokenHash", "tokenExpiresAt", "dispatchedBy", "startCommandId", "createdAt", "queuedAt", "dispatchedAt", "startedAt", "finishedAt", "lastEventAt", "actualSeconds", "actualMaterialG") SELECT "id", "siteId", "ownerId", "machineId", "machineType", "material", "quantity", "fileName", "fileSha256", "fileSize", "status", "reason", "position", "analysis", "estimatedSeconds", "thumbnailSha256", "thumbnailSmallSha256", "progress", "tokenHash", "tokenExpiresAt", "dispatchedBy", "startCommandId", "createdAt", "queuedAt", "dispatchedAt", "startedAt", "finishedAt", "lastEventAt", "actualSeconds", "actualMaterialG" FROM "temporary_fab_jobs"`);
        await queryRunner.query(`DROP TABLE "temporary_fab_jobs"`);
        await queryRunner.query(`CREATE INDEX "IDX_73081f612a02f8977682abb1c5" ON "fab_jobs" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_b6d9efe5432fa526f74072a297" ON "fab_jobs" ("ownerId") `);
        await queryRunner.query(`CREATE INDEX "IDX_36418411f4eb850e2797f0068c" ON "fab_jobs" ("machineId", "status") `);
    }

}
