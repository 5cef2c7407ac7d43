import { MigrationInterface, QueryRunner } from "typeorm";

export class FabJobs1796086466440 implements MigrationInterface {
    name = 'FabJobs1796086466440'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "fab_jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "ownerId" character varying(36) NOT NULL, "machineId" character varying(36), "machineType" character varying(20), "material" character varying(60), "quantity" integer NOT NULL DEFAULT '1', "fileName" character varying(200) NOT NULL, "fileSha256" character varying(64) NOT NULL, "fileSize" integer NOT NULL, "status" character varying(20) NOT NULL, "reason" character varying(500), "position" integer NOT NULL DEFAULT '0', "analysis" text, "estimatedSeconds" integer, "thumbnailSha256" character varying(64), "thumbnailSmallSha256" character varying(64), "progress" real NOT NULL DEFAULT '0', "tokenHash" character varying(64), "tokenExpiresAt" TIMESTAMP WITH TIME ZONE, "dispatchedBy" character varying(36), "startCommandId" character varying(36), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "queuedAt" TIMESTAMP WITH TIME ZONE, "dispatchedAt" TIMESTAMP WITH TIME ZONE, "startedAt" TIMESTAMP WITH TIME ZONE, "finishedAt" TIMESTAMP WITH TIME ZONE, "lastEventAt" TIMESTAMP WITH TIME ZONE, "actualSeconds" integer, "actualMaterialG" real, CONSTRAINT "PK_0f251a1c4b5021ead671e8d107d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_73081f612a02f8977682abb1c5" ON "fab_jobs"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_b6d9efe5432fa526f74072a297" ON "fab_jobs"  ("ownerId") `);
        await queryRunner.query(`CREATE INDEX "IDX_36418411f4eb850e2797f0068c" ON "fab_jobs"  ("machineId", "status") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_36418411f4eb850e2797f0068c"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_b6d9efe5432fa526f74072a297"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_73081f612a02f8977682abb1c5"`);
        await queryRunner.query(`DROP TABLE "fab_jobs"`);
    }

}
