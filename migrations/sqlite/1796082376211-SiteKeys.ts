import { MigrationInterface, QueryRunner } from "typeorm";

export class SiteKeys1796082376211 implements MigrationInterface {
    name = 'SiteKeys1796082376211'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "site_keys" ("siteId" varchar(36) PRIMARY KEY NOT NULL, "algorithm" varchar(20) NOT NULL DEFAULT ('Ed25519'), "publicKeyPem" text NOT NULL, "privateKeyPem" text NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "site_keys"`);
    }

}
