import { MigrationInterface, QueryRunner } from "typeorm";

export class TrainingsMachineStates1796082953706 implements MigrationInterface {
    name = 'TrainingsMachineStates1796082953706'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "qualification_reminders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "qualificationId" character varying(36) NOT NULL, "daysBefore" integer NOT NULL, "sentAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b254fd7679c85daf3a05b98199e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_8640d2c865c6036142c2d3e492" ON "qualification_reminders"  ("qualificationId", "daysBefore") `);
        await queryRunner.query(`CREATE TABLE "training_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "trainingId" character varying(36) NOT NULL, "trainerId" character varying(36) NOT NULL, "date" character varying(10) NOT NULL, "notes" character varying(2000) NOT NULL DEFAULT '', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6678399f77ed9db5176459befa9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_1dda213bccf3f3be112be7c16c" ON "training_sessions"  ("trainingId") `);
        await queryRunner.query(`CREATE INDEX "IDX_e801d2387b4f1717e4610bb9c3" ON "training_sessions"  ("siteId", "date") `);
        await queryRunner.query(`CREATE TABLE "training_session_attendees" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sessionId" character varying(36) NOT NULL, "personId" character varying(36) NOT NULL, "result" character varying(10) NOT NULL, "qualificationId" character varying(36), CONSTRAINT "PK_169d8305e707c84d549bb98a8f5" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_2a5ad07b8a2f9f4e43fbdb31ee" ON "training_session_attendees"  ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_36fcadb68050dad6ad7294a7c3" ON "training_session_attendees"  ("sessionId", "personId") `);
        await queryRunner.query(`ALTER TABLE "machines" ADD "statusSetBy" character varying(36)`);
        await queryRunner.query(`ALTER TABLE "machines" ADD "statusSetAt" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "qualifications" ADD "suspendedAt" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "qualifications" ADD "suspendedReason" character varying(300)`);
        await queryRunner.query(`ALTER TABLE "qualifications" ADD "suspendedBy" character varying(36)`);
        await queryRunner.query(`ALTER TABLE "trainings" ADD "requiresRenewal" boolean NOT NULL DEFAULT true`);
        await queryRunner.query(`ALTER TABLE "trainings" ADD "prerequisiteIds" text NOT NULL DEFAULT '[]'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "trainings" DROP COLUMN "prerequisiteIds"`);
        await queryRunner.query(`ALTER TABLE "trainings" DROP COLUMN "requiresRenewal"`);
        await queryRunner.query(`ALTER TABLE "qualifications" DROP COLUMN "suspendedBy"`);
        await queryRunner.query(`ALTER TABLE "qualifications" DROP COLUMN "suspendedReason"`);
        await queryRunner.query(`ALTER TABLE "qualifications" DROP COLUMN "suspendedAt"`);
        await queryRunner.query(`ALTER TABLE "machines" DROP COLUMN "statusSetAt"`);
        await queryRunner.query(`ALTER TABLE "machines" DROP COLUMN "statusSetBy"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_36fcadb68050dad6ad7294a7c3"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_2a5ad07b8a2f9f4e43fbdb31ee"`);
        await queryRunner.query(`DROP TABLE "training_session_attendees"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_e801d2387b4f1717e4610bb9c3"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_1dda213bccf3f3be112be7c16c"`);
        await queryRunner.query(`DROP TABLE "training_sessions"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_8640d2c865c6036142c2d3e492"`);
        await queryRunner.query(`DROP TABLE "qualification_reminders"`);
    }

}
