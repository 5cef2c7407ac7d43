import { MigrationInterface, QueryRunner } from "typeorm";

export class TrainingSessionLength1796428048351 implements MigrationInterface {
    name = 'TrainingSessionLength1796428048351'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "training_sessions" ADD "durationMinutes" integer NOT NULL DEFAULT '120'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "training_sessions" DROP COLUMN "durationMinutes"`);
    }

}
