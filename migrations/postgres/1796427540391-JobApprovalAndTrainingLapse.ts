import { MigrationInterface, QueryRunner } from "typeorm";

export class JobApprovalAndTrainingLapse1796427540391 implements MigrationInterface {
    name = 'JobApprovalAndTrainingLapse1796427540391'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "job_approval_rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "machineType" character varying(20) NOT NULL, "setBy" character varying(36), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_074c6571fd0a7c81c83fc22e795" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b66f1488fe16136f2dd32df0a8" ON "job_approval_rules"  ("siteId", "machineType") `);
        await queryRunner.query(`CREATE TABLE "qualification_checkups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "qualificationId" character varying(36) NOT NULL, "personId" character varying(36) NOT NULL, "trainerId" character varying(36) NOT NULL, "checkedOn" character varying(10) NOT NULL, "notes" character varying(1000) NOT NULL DEFAULT '', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c564e14ed7a047c75e8030d5c20" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_a97f276cefc462bb125c8bce27" ON "qualification_checkups"  ("qualificationId") `);
        await queryRunner.query(`CREATE TABLE "qualification_lapse_warnings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "qualificationId" character varying(36) NOT NULL, "lapsesOn" character varying(10) NOT NULL, "sentAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_1172ca2c5fcc4416db220e65a41" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_59564b3cdb34294ada32b61006" ON "qualification_lapse_warnings"  ("qualificationId", "lapsesOn") `);
        await queryRunner.query(`ALTER TABLE "fab_jobs" ADD "approvedBy" character varying(36)`);
        await queryRunner.query(`ALTER TABLE "fab_jobs" ADD "reviewedBy" character varying(36)`);
        await queryRunner.query(`ALTER TABLE "fab_jobs" ADD "reviewedAt" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "fab_jobs" ADD "reviewNote" character varying(1000)`);
        await queryRunner.query(`ALTER TABLE "fab_jobs" ADD "makerAnswer" character varying(1000)`);
        await queryRunner.query(`ALTER TABLE "fab_jobs" ADD "fileVersion" integer NOT NULL DEFAULT '1'`);
        await queryRunner.query(`ALTER TABLE "qualifications" ADD "renewedOn" character varying(10)`);
        await queryRunner.query(`ALTER TABLE "trainings" ADD "lapseMonths" integer`);
        await queryRunner.query(`ALTER TABLE "trainings" ADD "lapseWarnDays" integer NOT NULL DEFAULT '14'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "trainings" DROP COLUMN "lapseWarnDays"`);
        await queryRunner.query(`ALTER TABLE "trainings" DROP COLUMN "lapseMonths"`);
        await queryRunner.query(`ALTER TABLE "qualifications" DROP COLUMN "renewedOn"`);
        await queryRunner.query(`ALTER TABLE "fab_jobs" DROP COLUMN "fileVersion"`);
        await queryRunner.query(`ALTER TABLE "fab_jobs" DROP COLUMN "makerAnswer"`);
        await queryRunner.query(`ALTER TABLE "fab_jobs" DROP COLUMN "reviewNote"`);
        await queryRunner.query(`ALTER TABLE "fab_jobs" DROP COLUMN "reviewedAt"`);
        await queryRunner.query(`ALTER TABLE "fab_jobs" DROP COLUMN "reviewedBy"`);
        await queryRunner.query(`ALTER TABLE "fab_jobs" DROP COLUMN "approvedBy"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_59564b3cdb34294ada32b61006"`);
        await queryRunner.query(`DROP TABLE "qualification_lapse_warnings"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_a97f276cefc462bb125c8bce27"`);
        await queryRunner.query(`DROP TABLE "qualification_checkups"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_b66f1488fe16136f2dd32df0a8"`);
        await queryRunner.query(`DROP TABLE "job_approval_rules"`);
    }

}
