import { MigrationInterface, QueryRunner } from "typeorm";

export class Foundation1796081639750 implements MigrationInterface {
    name = 'Foundation1796081639750'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "access_decisions" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "machineId" varchar(36) NOT NULL, "requestId" varchar(36) NOT NULL, "uid" varchar(20) NOT NULL, "personId" varchar(36), "decision" varchar(10) NOT NULL, "reason" varchar(40), "sessionId" varchar(36), "source" varchar(10) NOT NULL DEFAULT ('server'), "messageFr" varchar(300) NOT NULL DEFAULT (''), "decidedAt" datetime NOT NULL, "reply" text)`);
        await queryRunner.query(`CREATE INDEX "IDX_2dfc382b7ff3898892986a90d7" ON "access_decisions" ("machineId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_0af60db4720260562e1363fed7" ON "access_decisions" ("requestId") `);
        await queryRunner.query(`CREATE INDEX "IDX_5607cf1bde0d7fd6c71bf09792" ON "access_decisions" ("personId") `);
        await queryRunner.query(`CREATE INDEX "IDX_47e427d36b24a89e332a7934ee" ON "access_decisions" ("siteId", "decidedAt") `);
        await queryRunner.query(`CREATE TABLE "processed_events" ("eventId" varchar(36) PRIMARY KEY NOT NULL, "machineId" varchar(36) NOT NULL, "type" varchar(40) NOT NULL, "receivedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE TABLE "usage_sessions" ("id" varchar(36) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "machineId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "badgeId" varchar(36), "startedAt" datetime NOT NULL, "until" datetime NOT NULL, "endedAt" datetime, "endReason" varchar(20))`);
        await queryRunner.query(`CREATE INDEX "IDX_ec8da56c5f63981d86ac908361" ON "usage_sessions" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_63497c97d82afa96b4236e53cd" ON "usage_sessions" ("machineId") `);
        await queryRunner.query(`CREATE INDEX "IDX_c2e8062a3e75df76ebc06b0a31" ON "usage_sessions" ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_usage_sessions_open_machine" ON "usage_sessions" ("machineId") WHERE "endedAt" IS NULL`);
        await queryRunner.query(`CREATE TABLE "auth_tokens" ("id" varchar PRIMARY KEY NOT NULL, "personId" varchar(36) NOT NULL, "tokenHash" varchar(64) NOT NULL, "expiresAt" datetime NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_47fd175a4bde16369b6638cef0" ON "auth_tokens" ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_323c4ca6708c6a8b81af2b4ee0" ON "auth_tokens" ("tokenHash") `);
        await queryRunner.query(`CREATE TABLE "bridges" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "slug" varchar(63) NOT NULL, "name" varchar(200) NOT NULL DEFAULT (''), "username" varchar(140) NOT NULL, "secretHash" varchar(64) NOT NULL, "online" boolean NOT NULL DEFAULT (0), "version" varchar(40), "lastSeenAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_e93d29139925a2f753fbe0410e" ON "bridges" ("siteId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_24f98acc17d05ad5158b27b9b1" ON "bridges" ("username") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_bae21fb2c30126d56c8a607f9f" ON "bridges" ("siteId", "slug") `);
        await queryRunner.query(`CREATE TABLE "machines" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "slug" varchar(63) NOT NULL, "name" varchar(200) NOT NULL, "type" varchar(20) NOT NULL, "profile" text NOT NULL DEFAULT ('{}'), "status" varchar(20) NOT NULL DEFAULT ('free'), "statusReason" varchar(300), "bridgeId" varchar(36), "maxSessionMinutes" integer NOT NULL DEFAULT (480), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_6b6353e0757321986645d527fc" ON "machines" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_854d20c44a564a888df9f76223" ON "machines" ("bridgeId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d57e9828fe6899f6fce913d5ac" ON "machines" ("siteId", "slug") `);
        await queryRunner.query(`CREATE TABLE "badges" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "uid" varchar(20) NOT NULL, "label" varchar(80) NOT NULL DEFAULT (''), "revokedAt" datetime, "revokedReason" varchar(200), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_137673fca96931ed072b133633" ON "badges" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_35a69e6ede47105874231d3345" ON "badges" ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f2aa7094270cf9d40556c99ec2" ON "badges" ("uid") `);
        await queryRunner.query(`CREATE TABLE "people" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36), "firstName" varchar(120) NOT NULL, "lastName" varchar(120) NOT NULL DEFAULT (''), "email" varchar(254), "role" varchar(20) NOT NULL DEFAULT ('maker'), "active" boolean NOT NULL DEFAULT (1), "passwordHash" varchar(100), "locale" varchar(5) NOT NULL DEFAULT ('fr'), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_ba1787e1d5903ecabe407ada23" ON "people" ("siteId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c77e8752faa45901af2b245dff" ON "people" ("email") `);
        await queryRunner.query(`CREATE TABLE "sites" ("id" varchar PRIMARY KEY NOT NULL, "slug" varchar(63) NOT NULL, "name" varchar(200) NOT NULL, "timezone" varchar(64) NOT NULL DEFAULT ('Europe/Paris'), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_26503a75e987672fb5af9258cc2" UNIQUE ("slug"))`);
        await queryRunner.query(`CREATE TABLE "qualifications" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "trainingId" varchar(36) NOT NULL, "trainerId" varchar(36), "passedOn" varchar(10) NOT NULL, "expiresAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_1fdba183abee73394aea08010c" ON "qualifications" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_e264b45bb48e92fe9e07c2b3bf" ON "qualifications" ("personId") `);
        await queryRunner.query(`CREATE INDEX "IDX_ee35f642ba22f16cb3c82f833e" ON "qualifications" ("trainingId") `);
        await queryRunner.query(`CREATE TABLE "trainings" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "name" varchar(200) NOT NULL, "nameEn" varchar(200) NOT NULL DEFAULT (''), "machineTypes" text NOT NULL DEFAULT ('[]'), "machineIds" text NOT NULL DEFAULT ('[]'), "validityMonths" integer, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_1ae531857e1686aff823947155" ON "trainings" ("siteId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_1ae531857e1686aff823947155"`);
        await queryRunner.query(`DROP TABLE "trainings"`);
        await queryRunner.query(`DROP INDEX "IDX_ee35f642ba22f16cb3c82f833e"`);
        await queryRunner.query(`DROP INDEX "IDX_e264b45bb48e92fe9e07c2b3bf"`);
        await queryRunner.query(`DROP INDEX "IDX_1fdba183abee73394aea08010c"`);
        await queryRunner.query(`DROP TABLE "qualifications"`);
        await queryRunner.query(`DROP TABLE "sites"`);
        await queryRunner.query(`DROP INDEX "IDX_c77e8752faa45901af2b245dff"`);
        await queryRunner.query(`DROP INDEX "IDX_ba1787e1d5903ecabe407ada23"`);
        await queryRunner.query(`DROP TABLE "people"`);
        await queryRunner.query(`DROP INDEX "IDX_f2aa7094270cf9d40556c99ec2"`);
        await queryRunner.query(`DROP INDEX "IDX_35a69e6ede47105874231d3345"`);
        await queryRunner.query(`DROP INDEX "IDX_137673fca96931ed072b133633"`);
        await queryRunner.query(`DROP TABLE "badges"`);
        await queryRunner.query(`DROP INDEX "IDX_d57e9828fe6899f6fce913d5ac"`);
        await queryRunner.query(`DROP INDEX "IDX_854d20c44a564a888df9f76223"`);
        await queryRunner.query(`DROP INDEX "IDX_6b6353e0757321986645d527fc"`);
        await queryRunner.query(`DROP TABLE "machines"`);
        await queryRunner.query(`DROP INDEX "IDX_bae21fb2c30126d56c8a607f9f"`);
        await queryRunner.query(`DROP INDEX "IDX_24f98acc17d05ad5158b27b9b1"`);
        await queryRunner.query(`DROP INDEX "IDX_e93d29139925a2f753fbe0410e"`);
        await queryRunner.query(`DROP TABLE "bridges"`);
        await queryRunner.query(`DROP INDEX "IDX_323c4ca6708c6a8b81af2b4ee0"`);
        await queryRunner.query(`DROP INDEX "IDX_47fd175a4bde16369b6638cef0"`);
        await queryRunner.query(`DROP TABLE "auth_tokens"`);
        await queryRunner.query(`DROP INDEX "uq_usage_sessions_open_machine"`);
        await queryRunner.query(`DROP INDEX "IDX_c2e8062a3e75df76ebc06b0a31"`);
        await queryRunner.query(`DROP INDEX "IDX_63497c97d82afa96b4236e53cd"`);
        await queryRunner.query(`DROP INDEX "IDX_ec8da56c5f63981d86ac908361"`);
        await queryRunner.query(`DROP TABLE "usage_sessions"`);
        await queryRunner.query(`DROP TABLE "processed_events"`);
        await queryRunner.query(`DROP INDEX "IDX_47e427d36b24a89e332a7934ee"`);
        await queryRunner.query(`DROP INDEX "IDX_5607cf1bde0d7fd6c71bf09792"`);
        await queryRunner.query(`DROP INDEX "IDX_0af60db4720260562e1363fed7"`);
        await queryRunner.query(`DROP INDEX "IDX_2dfc382b7ff3898892986a90d7"`);
        await queryRunner.query(`DROP TABLE "access_decisions"`);
    }

}
