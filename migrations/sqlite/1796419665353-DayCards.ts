import { MigrationInterface, QueryRunner } from "typeorm";

export class DayCards1796419665353 implements MigrationInterface {
    name = 'DayCards1796419665353'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_f2aa7094270cf9d40556c99ec2"`);
        await queryRunner.query(`DROP INDEX "IDX_35a69e6ede47105874231d3345"`);
        await queryRunner.query(`DROP INDEX "IDX_137673fca96931ed072b133633"`);
        await queryRunner.query(`CREATE TABLE "temporary_badges" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "uid" varchar(20) NOT NULL, "label" varchar(80) NOT NULL DEFAULT (''), "revokedAt" datetime, "revokedReason" varchar(200), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "purpose" varchar(20) NOT NULL DEFAULT ('member'), "validFrom" datetime, "validUntil" datetime)`);
        await queryRunner.query(`INSERT INTO "temporary_badges"("id", "siteId", "personId", "uid", "label", "revokedAt", "revokedReason", "createdAt") SELECT "id", "siteId", "personId", "uid", "label", "revokedAt", "revokedReason", "createdAt" FROM "badges"`);
        await queryRunner.query(`DROP TABLE "badges"`);
        await queryRunner.query(`ALTER TABLE "temporary_badges" RENAME TO "badges"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f2aa7094270cf9d40556c99ec2" ON "badges" ("uid") `);
        await queryRunner.query(`CREATE INDEX "IDX_35a69e6ede47105874231d3345" ON "badges" ("personId") `);
        await queryRunner.query(`CREATE INDEX "IDX_137673fca96931ed072b133633" ON "badges" ("siteId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_137673fca96931ed072b133633"`);
        await queryRunner.query(`DROP INDEX "IDX_35a69e6ede47105874231d3345"`);
        await queryRunner.query(`DROP INDEX "IDX_f2aa7094270cf9d40556c99ec2"`);
        await queryRunner.query(`ALTER TABLE "badges" RENAME TO "temporary_badges"`);
        await queryRunner.query(`CREATE TABLE "badges" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "uid" varchar(20) NOT NULL, "label" varchar(80) NOT NULL DEFAULT (''), "revokedAt" datetime, "revokedReason" varchar(200), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`INSERT INTO "badges"("id", "siteId", "personId", "uid", "label", "revokedAt", "revokedReason", "createdAt") SELECT "id", "siteId", "personId", "uid", "label", "revokedAt", "revokedReason", "createdAt" FROM "temporary_badges"`);
        await queryRunner.query(`DROP TABLE "temporary_badges"`);
        await queryRunner.query(`CREATE INDEX "IDX_137673fca96931ed072b133633" ON "badges" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_35a69e6ede47105874231d3345" ON "badges" ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f2aa7094270cf9d40556c99ec2" ON "badges" ("uid") `);
    }

}
