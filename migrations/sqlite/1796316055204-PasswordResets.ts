import { MigrationInterface, QueryRunner } from "typeorm";

export class PasswordResets1796316055204 implements MigrationInterface {
    name = 'PasswordResets1796316055204'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "password_resets" ("id" varchar PRIMARY KEY NOT NULL, "personId" varchar(36) NOT NULL, "tokenHash" varchar(64) NOT NULL, "expiresAt" datetime NOT NULL, "usedAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_d7b6b606688f35879dc07d4278" ON "password_resets" ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7f6aae0fcc807c9e7194ca5cc4" ON "password_resets" ("tokenHash") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_7f6aae0fcc807c9e7194ca5cc4"`);
        await queryRunner.query(`DROP INDEX "IDX_d7b6b606688f35879dc07d4278"`);
        await queryRunner.query(`DROP TABLE "password_resets"`);
    }

}
