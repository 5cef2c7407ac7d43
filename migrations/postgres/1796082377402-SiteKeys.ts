import { MigrationInterface, QueryRunner } from "typeorm";

export class SiteKeys1796082377402 implements MigrationInterface {
    name = 'SiteKeys1796082377402'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "site_keys" ("siteId" character varying(36) NOT NULL, "algorithm" character varying(20) NOT NULL DEFAULT 'Ed25519', "publicKeyPem" text NOT NULL, "privateKeyPem" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_985defa40d21c91e7faa60cb2f4" PRIMARY KEY ("siteId"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "site_keys"`);
    }

}
