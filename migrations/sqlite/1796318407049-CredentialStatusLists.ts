import { MigrationInterface, QueryRunner } from "typeorm";

export class CredentialStatusLists1796318407049 implements MigrationInterface {
    name = 'CredentialStatusLists1796318407049'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_d84e3bb501725589cbb9024632"`);
        await queryRunner.query(`DROP INDEX "IDX_f4304f74913e8191a7d14d52d2"`);
        await queryRunner.query(`CREATE TABLE "temporary_issued_credentials" ("id" varchar(36) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "kind" varchar(20) NOT NULL, "refId" varchar(36) NOT NULL, "level" integer, "document" text NOT NULL, "revokedAt" datetime, "issuedAt" datetime NOT NULL DEFAULT (datetime('now')), "statusSequence" integer)`);
        await queryRunner.query(`INSERT INTO "temporary_issued_credentials"("id", "siteId", "personId", "kind", "refId", "level", "document", "revokedAt", "issuedAt") SELECT "id", "siteId", "personId", "kind", "refId", "level", "document", "revokedAt", "issuedAt" FROM "issued_credentials"`);
        await queryRunner.query(`DROP TABLE "issued_credentials"`);
        await queryRunner.query(`ALTER TABLE "temporary_issued_credentials" RENAME TO "issued_credentials"`);
        await queryRunner.query(`CREATE INDEX "IDX_d84e3bb501725589cbb9024632" ON "issued_credentials" ("personId") `);
        await queryRunner.query(`CREATE INDEX "IDX_f4304f74913e8191a7d14d52d2" ON "issued_credentials" ("siteId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f75e2f50ed11fccc09832c560c" ON "issued_credentials" ("siteId", "statusSequence") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_f75e2f50ed11fccc09832c560c"`);
        await queryRunner.query(`DROP INDEX "IDX_f4304f74913e8191a7d14d52d2"`);
        await queryRunner.query(`DROP INDEX "IDX_d84e3bb501725589cbb9024632"`);
        await queryRunner.query(`ALTER TABLE "issued_credentials" RENAME TO "temporary_issued_credentials"`);
        await queryRunner.query(`CREATE TABLE "issued_credentials" ("id" varchar(36) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "kind" varchar(20) NOT NULL, "refId" varchar(36) NOT NULL, "level" integer, "document" text NOT NULL, "revokedAt" datetime, "issuedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`INSERT INTO "issued_credentials"("id", "siteId", "personId", "kind", "refId", "level", "document", "revokedAt", "issuedAt") SELECT "id", "siteId", "personId", "kind", "refId", "level", "document", "revokedAt", "issuedAt" FROM "temporary_issued_credentials"`);
        await queryRunner.query(`DROP TABLE "temporary_issued_credentials"`);
        await queryRunner.query(`CREATE INDEX "IDX_f4304f74913e8191a7d14d52d2" ON "issued_credentials" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_d84e3bb501725589cbb9024632" ON "issued_credentials" ("personId") `);
    }

}
