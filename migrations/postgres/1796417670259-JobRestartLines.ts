import { MigrationInterface, QueryRunner } from "typeorm";

export class JobRestartLines1796417670259 implements MigrationInterface {
    name = 'JobRestartLines1796417670259'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "fab_jobs" ADD "lastAckedLine" integer`);
        await queryRunner.query(`ALTER TABLE "fab_jobs" ADD "startLine" integer`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "fab_jobs" DROP COLUMN "startLine"`);
        await queryRunner.query(`ALTER TABLE "fab_jobs" DROP COLUMN "lastAckedLine"`);
    }

}
