import { MigrationInterface, QueryRunner } from "typeorm";

export class QueueJobs1796402660522 implements MigrationInterface {
    name = 'QueueJobs1796402660522'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "queue_jobs" ("id" varchar(36) PRIMARY KEY NOT NULL, "queue" varchar(60) NOT NULL, "name" varchar(60) NOT NULL, "jobKey" varchar(200) NOT NULL, "data" text NOT NULL, "state" varchar(12) NOT NULL DEFAULT ('waiting'), "runAt" datetime NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "maxAttempts" integer NOT NULL DEFAULT (1), "backoffMs" integer NOT NULL DEFAULT (0), "keepMs" integer NOT NULL, "schedule" varchar(130), "lockedBy" varchar(36), "lockedUntil" datetime, "lastError" varchar(500), "finishedAt" datetime, "createdAt" datetime NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "IDX_7322c60e11d3f311fc829d1332" ON "queue_jobs" ("schedule") `);
        await queryRunner.query(`CREATE INDEX "IDX_32dfaaef5d18a0415c129b044a" ON "queue_jobs" ("state", "runAt") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_470fc11136e1f164554edebc92" ON "queue_jobs" ("queue", "jobKey") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_470fc11136e1f164554edebc92"`);
        await queryRunner.query(`DROP INDEX "IDX_32dfaaef5d18a0415c129b044a"`);
        await queryRunner.query(`DROP INDEX "IDX_7322c60e11d3f311fc829d1332"`);
        await queryRunner.query(`DROP TABLE "queue_jobs"`);
    }

}
