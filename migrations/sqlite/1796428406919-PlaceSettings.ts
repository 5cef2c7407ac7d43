import { MigrationInterface, QueryRunner } from "typeorm";

export class PlaceSettings1796428406919 implements MigrationInterface {
    name = 'PlaceSettings1796428406919'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "place_settings" ("siteId" varchar(36) PRIMARY KEY NOT NULL, "published" boolean NOT NULL DEFAULT (0), "pivot" varchar(14), "address" varchar(300) NOT NULL DEFAULT (''), "addressComplement" varchar(300) NOT NULL DEFAULT (''), "commune" varchar(150) NOT NULL DEFAULT (''), "postalCode" varchar(5) NOT NULL DEFAULT (''), "inseeCode" varchar(5), "latitude" double precision, "longitude" double precision, "typologies" text NOT NULL DEFAULT ('[]'), "phone" varchar(16), "emails" text NOT NULL DEFAULT ('[]'), "websites" text NOT NULL DEFAULT ('[]'), "summary" varchar(280) NOT NULL DEFAULT (''), "details" text NOT NULL DEFAULT (''), "roaming" text NOT NULL DEFAULT ('[]'), "parent" varchar(200) NOT NULL DEFAULT (''), "services" text NOT NULL DEFAULT ('[]'), "publics" text NOT NULL DEFAULT ('[]'), "specificSupport" text NOT NULL DEFAULT ('[]'), "fees" text NOT NULL DEFAULT ('[]'), "programmes" text NOT NULL DEFAULT ('[]'), "trainingLabels" text NOT NULL DEFAULT ('[]'), "otherLabels" varchar(500) NOT NULL DEFAULT (''), "accessModes" text NOT NULL DEFAULT ('[]'), "supportModes" text NOT NULL DEFAULT ('[]'), "accessLibreUrl" varchar(500), "bookingUrl" varchar(500), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "place_settings"`);
    }

}
