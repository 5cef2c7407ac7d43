import { MigrationInterface, QueryRunner } from "typeorm";
import { movePlugsToServerPrefixes } from "../plug-prefixes";

export class MqttAccounts1796315978960 implements MigrationInterface {
    name = 'MqttAccounts1796315978960'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "mqtt_monitors" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "slug" character varying(63) NOT NULL, "name" character varying(200) NOT NULL DEFAULT '', "username" character varying(140) NOT NULL, "secretHash" character varying(64) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6d7454b0acab5770e1c1691e33a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_4e268a8057bf2c9d6f94e9daa8" ON "mqtt_monitors"  ("siteId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_2bac103d476c65febcfd9ba95e" ON "mqtt_monitors"  ("username") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_21b99b5fa93ac22ac4e5b1c685" ON "mqtt_monitors"  ("siteId", "slug") `);
        await movePlugsToServerPrefixes(queryRunner);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_21b99b5fa93ac22ac4e5b1c685"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_2bac103d476c65febcfd9ba95e"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_4e268a8057bf2c9d6f94e9daa8"`);
        await queryRunner.query(`DROP TABLE "mqtt_monitors"`);
    }

}
