import { MigrationInterface, QueryRunner } from "typeorm";

export class BridgeHeartbeatConfig1796429313105 implements MigrationInterface {
    name = 'BridgeHeartbeatConfig1796429313105'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "bridges" ADD "heartbeatAt" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "bridges" ADD "uptimeSeconds" integer`);
        await queryRunner.query(`ALTER TABLE "bridges" ADD "configVersion" bigint NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "bridges" ADD "configSigned" text`);
        await queryRunner.query(`ALTER TABLE "bridges" ADD "configApplied" bigint`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "bridges" DROP COLUMN "configApplied"`);
        await queryRunner.query(`ALTER TABLE "bridges" DROP COLUMN "configSigned"`);
        await queryRunner.query(`ALTER TABLE "bridges" DROP COLUMN "configVersion"`);
        await queryRunner.query(`ALTER TABLE "bridges" DROP COLUMN "uptimeSeconds"`);
        await queryRunner.query(`ALTER TABLE "bridges" DROP COLUMN "heartbeatAt"`);
    }

}
