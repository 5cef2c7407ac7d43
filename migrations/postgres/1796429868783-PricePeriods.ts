import { MigrationInterface, QueryRunner } from "typeorm";

export class PricePeriods1796429868783 implements MigrationInterface {
    name = 'PricePeriods1796429868783'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "price_lines" ADD "validFrom" character varying(10)`);
        await queryRunner.query(`ALTER TABLE "price_lines" ADD "validUntil" character varying(10)`);
        await queryRunner.query(`ALTER TABLE "price_lines" ADD "fromTime" character varying(5)`);
        await queryRunner.query(`ALTER TABLE "price_lines" ADD "untilTime" character varying(5)`);
        await queryRunner.query(`ALTER TABLE "price_lines" ADD "freeMinutes" integer NOT NULL DEFAULT '0'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "price_lines" DROP COLUMN "freeMinutes"`);
        await queryRunner.query(`ALTER TABLE "price_lines" DROP COLUMN "untilTime"`);
        await queryRunner.query(`ALTER TABLE "price_lines" DROP COLUMN "fromTime"`);
        await queryRunner.query(`ALTER TABLE "price_lines" DROP COLUMN "validUntil"`);
        await queryRunner.query(`ALTER TABLE "price_lines" DROP COLUMN "validFrom"`);
    }

}
