import { MigrationInterface, QueryRunner } from "typeorm";

export class DayCards1796419672241 implements MigrationInterface {
    name = 'DayCards1796419672241'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "badges" ADD "purpose" character varying(20) NOT NULL DEFAULT 'member'`);
        await queryRunner.query(`ALTER TABLE "badges" ADD "validFrom" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "badges" ADD "validUntil" TIMESTAMP WITH TIME ZONE`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "badges" DROP COLUMN "validUntil"`);
        await queryRunner.query(`ALTER TABLE "badges" DROP COLUMN "validFrom"`);
        await queryRunner.query(`ALTER TABLE "badges" DROP COLUMN "purpose"`);
    }

}
