import { MigrationInterface, QueryRunner } from "typeorm";
import { movePlugsToServerPrefixes } from "../plug-prefixes";

export class MqttAccounts1796315973292 implements MigrationInterface {
    name = 'MqttAccounts1796315973292'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "mqtt_monitors" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "slug" varchar(63) NOT NULL, "name" varchar(200) NOT NULL DEFAULT (''), "username" varchar(140) NOT NULL, "secretHash" varchar(64) NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_4e268a8057bf2c9d6f94e9daa8" ON "mqtt_monitors" ("siteId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_2bac103d476c65febcfd9ba95e" ON "mqtt_monitors" ("username") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_21b99b5fa93ac22ac4e5b1c685" ON "mqtt_monitors" ("siteId", "slug") `);
        await movePlugsToServerPrefixes(queryRunner);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_21b99b5fa93ac22ac4e5b1c685"`);
        await queryRunner.query(`DROP INDEX "IDX_2bac103d476c65febcfd9ba95e"`);
        await queryRunner.query(`DROP INDEX "IDX_4e268a8057bf2c9d6f94e9daa8"`);
        await queryRunner.query(`DROP TABLE "mqtt_monitors"`);
    }

}
