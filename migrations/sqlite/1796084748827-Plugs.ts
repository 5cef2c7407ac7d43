import { MigrationInterface, QueryRunner } from "typeorm";

export class Plugs1796084748827 implements MigrationInterface {
    name = 'Plugs1796084748827'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "machine_plugs" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "machineId" varchar(36) NOT NULL, "kind" varchar(10) NOT NULL, "topic" varchar(100) NOT NULL, "username" varchar(140) NOT NULL, "secretHash" varchar(64) NOT NULL, "busyWatts" integer NOT NULL DEFAULT (20), "idleSeconds" integer NOT NULL DEFAULT (600), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_9792ff76ffd30b8cb00c47d179" ON "machine_plugs" ("siteId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_19f98b2444b186a7198e39077a" ON "machine_plugs" ("machineId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a88abf950a758f65b592dd46be" ON "machine_plugs" ("topic") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a9786219b31204c11e4b4d57b3" ON "machine_plugs" ("username") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_a9786219b31204c11e4b4d57b3"`);
        await queryRunner.query(`DROP INDEX "IDX_a88abf950a758f65b592dd46be"`);
        await queryRunner.query(`DROP INDEX "IDX_19f98b2444b186a7198e39077a"`);
        await queryRunner.query(`DROP INDEX "IDX_9792ff76ffd30b8cb00c47d179"`);
        await queryRunner.query(`DROP TABLE "machine_plugs"`);
    }

}
