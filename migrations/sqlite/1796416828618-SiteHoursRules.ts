import { MigrationInterface, QueryRunner } from "typeorm";

export class SiteHoursRules1796416828618 implements MigrationInterface {
    name = 'SiteHoursRules1796416828618'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "site_hours_rules" ("siteId" varchar(36) PRIMARY KEY NOT NULL, "badgesAnyTime" boolean NOT NULL DEFAULT (0))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "site_hours_rules"`);
    }

}
