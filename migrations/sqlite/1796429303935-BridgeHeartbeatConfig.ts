import { MigrationInterface, QueryRunner } from "typeorm";

export class BridgeHeartbeatConfig1796429303935 implements MigrationInterface {
    name = 'BridgeHeartbeatConfig1796429303935'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_bae21fb2c30126d56c8a607f9f"`);
        await queryRunner.query(`DROP INDEX "IDX_24f98acc17d05ad5158b27b9b1"`);
        await queryRunner.query(`DROP INDEX "IDX_e93d29139925a2f753fbe0410e"`);
        await queryRunner.query(`CREATE TABLE "temporary_bridges" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "slug" varchar(63) NOT NULL, "name" varchar(200) NOT NULL DEFAULT (''), "username" varchar(140) NOT NULL, "secretHash" varchar(64) NOT NULL, "online" boolean NOT NULL DEFAULT (0), "version" varchar(40), "lastSeenAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "heartbeatAt" datetime, "uptimeSeconds" integer, "configVersion" bigint NOT NULL DEFAULT (0), "configSigned" text, "configApplied" bigint)`);
        await queryRunner.query(`INSERT INTO "temporary_bridges"("id", "siteId", "slug", "name", "username", "secretHash", "online", "version", "lastSeenAt", "createdAt") SELECT "id", "siteId", "slug", "name", "username", "secretHash", "online", "version", "lastSeenAt", "createdAt" FROM "bridges"`);
        await queryRunner.query(`DROP TABLE "bridges"`);
        await queryRunner.query(`ALTER TABLE "temporary_bridges" RENAME TO "bridges"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_bae21fb2c30126d56c8a607f9f" ON "bridges" ("siteId", "slug") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_24f98acc17d05ad5158b27b9b1" ON "bridges" ("username") `);
        await queryRunner.query(`CREATE INDEX "IDX_e93d29139925a2f753fbe0410e" ON "bridges" ("siteId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_e93d29139925a2f753fbe0410e"`);
        await queryRunner.query(`DROP INDEX "IDX_24f98acc17d05ad5158b27b9b1"`);
        await queryRunner.query(`DROP INDEX "IDX_bae21fb2c30126d56c8a607f9f"`);
        await queryRunner.query(`ALTER TABLE "bridges" RENAME TO "temporary_bridges"`);
        await queryRunner.query(`CREATE TABLE "bridges" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "slug" varchar(63) NOT NULL, "name" varchar(200) NOT NULL DEFAULT (''), "username" varchar(140) NOT NULL, "secretHash" varchar(64) NOT NULL, "online" boolean NOT NULL DEFAULT (0), "version" varchar(40), "lastSeenAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`INSERT INTO "bridges"("id", "siteId", "slug", "name", "username", "secretHash", "online", "version", "lastSeenAt", "createdAt") SELECT "id", "siteId", "slug", "name", "username", "secretHash", "online", "version", "lastSeenAt", "createdAt" FROM "temporary_bridges"`);
        await queryRunner.query(`DROP TABLE "temporary_bridges"`);
        await queryRunner.query(`CREATE INDEX "IDX_e93d29139925a2f753fbe0410e" ON "bridges" ("siteId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_24f98acc17d05ad5158b27b9b1" ON "bridges" ("username") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_bae21fb2c30126d56c8a607f9f" ON "bridges" ("siteId", "slug") `);
    }

}
