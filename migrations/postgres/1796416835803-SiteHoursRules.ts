import { MigrationInterface, QueryRunner } from "typeorm";

export class SiteHoursRules1796416835803 implements MigrationInterface {
    name = 'SiteHoursRules1796416835803'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "site_hours_rules" ("siteId" character varying(36) NOT NULL, "badgesAnyTime" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_d9dc3e75129d93886f03de8b2f2" PRIMARY KEY ("siteId"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "site_hours_rules"`);
    }

}
