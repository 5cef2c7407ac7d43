import { MigrationInterface, QueryRunner } from "typeorm";

export class QueueJobs1796402662161 implements MigrationInterface {
    name = 'QueueJobs1796402662161'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "queue_jobs" ("id" character varying(36) NOT NULL, "queue" character varying(60) NOT NULL, "name" character varying(60) NOT NULL, "jobKey" character varying(200) NOT NULL, "data" text NOT NULL, "state" character varying(12) NOT NULL DEFAULT 'waiting', "runAt" TIMESTAMP WITH TIME ZONE NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "maxAttempts" integer NOT NULL DEFAULT '1', "backoffMs" integer NOT NULL DEFAULT '0', "keepMs" integer NOT NULL, "schedule" character varying(130), "lockedBy" character varying(36), "lockedUntil" TIMESTAMP WITH TIME ZONE, "lastError" character varying(500), "finishedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_1f912c285a3c500184671553bca" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_7322c60e11d3f311fc829d1332" ON "queue_jobs"  ("schedule") `);
        await queryRunner.query(`CREATE INDEX "IDX_32dfaaef5d18a0415c129b044a" ON "queue_jobs"  ("state", "runAt") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_470fc11136e1f164554edebc92" ON "queue_jobs"  ("queue", "jobKey") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_470fc11136e1f164554edebc92"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_32dfaaef5d18a0415c129b044a"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_7322c60e11d3f311fc829d1332"`);
        await queryRunner.query(`DROP TABLE "queue_jobs"`);
    }

}
