import { MigrationInterface, QueryRunner } from "typeorm";

export class PlaceSettings1796428416087 implements MigrationInterface {
    name = 'PlaceSettings1796428416087'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "place_settings" ("siteId" character varying(36) NOT NULL, "published" boolean NOT NULL DEFAULT false, "pivot" character varying(14), "address" character varying(300) NOT NULL DEFAULT '', "addressComplement" character varying(300) NOT NULL DEFAULT '', "commune" character varying(150) NOT NULL DEFAULT '', "postalCode" character varying(5) NOT NULL DEFAULT '', "inseeCode" character varying(5), "latitude" double precision, "longitude" double precision, "typologies" text NOT NULL DEFAULT '[]', "phone" character varying(16), "emails" text NOT NULL DEFAULT '[]', "websites" text NOT NULL DEFAULT '[]', "summary" character varying(280) NOT NULL DEFAULT '', "details" text NOT NULL DEFAULT '', "roaming" text NOT NULL DEFAULT '[]', "parent" character varying(200) NOT NULL DEFAULT '', "services" text NOT NULL DEFAULT '[]', "publics" text NOT NULL DEFAULT '[]', "specificSupport" text NOT NULL DEFAULT '[]', "fees" text NOT NULL DEFAULT '[]', "programmes" text NOT NULL DEFAULT '[]', "trainingLabels" text NOT NULL DEFAULT '[]', "otherLabels" character varying(500) NOT NULL DEFAULT '', "accessModes" text NOT NULL DEFAULT '[]', "supportModes" text NOT NULL DEFAULT '[]', "accessLibreUrl" character varying(500), "bookingUrl" character varying(500), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5c25bc610d7e80bf494b174817e" PRIMARY KEY ("siteId"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "place_settings"`);
    }

}
