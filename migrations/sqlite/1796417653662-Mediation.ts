import { MigrationInterface, QueryRunner } from "typeorm";

export class Mediation1796417653662 implements MigrationInterface {
    name = 'Mediation1796417653662'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "mediation_followed_people" ("personId" varchar(36) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "consentAt" datetime NOT NULL, "consentRecordedBy" varchar(36) NOT NULL, "birthYear" integer, "gender" varchar(16) NOT NULL DEFAULT ('non_communique'), "socialStatus" varchar(16) NOT NULL DEFAULT ('non_communique'), "commune" varchar(120), "postalCode" varchar(5), "inseeCode" varchar(5), "prescriberName" varchar(200), "prescriberEmail" varchar(254), "prescriberConsentAt" datetime, "milestonePlanId" varchar(36), "milestoneMailed" integer NOT NULL DEFAULT (0), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_c386f8324b4382c45dd6530ed2" ON "mediation_followed_people" ("siteId") `);
        await queryRunner.query(`CREATE TABLE "mediation_accompaniments" ("id" varchar PRIMARY KEY NOT NULL, "activityId" varchar(36) NOT NULL, "seq" integer NOT NULL, "siteId" varchar(36) NOT NULL, "date" varchar(10) NOT NULL, "type" varchar(12) NOT NULL, "placeType" varchar(16) NOT NULL, "durationMinutes" integer NOT NULL, "personId" varchar(36), "firstTime" boolean NOT NULL, "gender" varchar(16) NOT NULL, "ageBand" varchar(24) NOT NULL, "socialStatus" varchar(16) NOT NULL, "commune" varchar(120), "postalCode" varchar(5), "inseeCode" varchar(5))`);
        await queryRunner.query(`CREATE INDEX "IDX_b2ab91f74a216db315f7fa8794" ON "mediation_accompaniments" ("activityId") `);
        await queryRunner.query(`CREATE INDEX "IDX_2d16f12c1b58be2c72fa209b9c" ON "mediation_accompaniments" ("personId") `);
        await queryRunner.query(`CREATE INDEX "IDX_2674a0998c99f5afb3d880e8ca" ON "mediation_accompaniments" ("siteId", "date") `);
        await queryRunner.query(`CREATE TABLE "mediation_activities" ("id" varchar(36) PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "mediatorId" varchar(36) NOT NULL, "type" varchar(12) NOT NULL, "date" varchar(10) NOT NULL, "durationMinutes" integer NOT NULL, "placeType" varchar(16) NOT NULL, "placeCommune" varchar(120), "placePostalCode" varchar(5), "placeInseeCode" varchar(5), "equipment" text NOT NULL, "topics" text NOT NULL, "procedureName" varchar(300), "mandateUsed" boolean NOT NULL DEFAULT (0), "autonomy" varchar(30), "redirected" boolean, "redirectedTo" varchar(40), "workshopTitle" varchar(200), "workshopLevel" varchar(20), "notes" varchar(2000), "participantsCount" integer NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_1f13e13dd1bcfb1af3a1910c50" ON "mediation_activities" ("mediatorId") `);
        await queryRunner.query(`CREATE INDEX "IDX_188949eeafff50b7f17ce0cf4a" ON "mediation_activities" ("date", "id") `);
        await queryRunner.query(`CREATE INDEX "IDX_bfc4406ea3c7b487a3a4e83db4" ON "mediation_activities" ("siteId", "date") `);
        await queryRunner.query(`CREATE TABLE "mediation_activity_topics" ("activityId" varchar(36) NOT NULL, "topic" varchar(40) NOT NULL, "siteId" varchar(36) NOT NULL, "date" varchar(10) NOT NULL, PRIMARY KEY ("activityId", "topic"))`);
        await queryRunner.query(`CREATE INDEX "IDX_20aecfcff42af9983ae1aac16b" ON "mediation_activity_topics" ("siteId", "date") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_20aecfcff42af9983ae1aac16b"`);
        await queryRunner.query(`DROP TABLE "mediation_activity_topics"`);
        await queryRunner.query(`DROP INDEX "IDX_bfc4406ea3c7b487a3a4e83db4"`);
        await queryRunner.query(`DROP INDEX "IDX_188949eeafff50b7f17ce0cf4a"`);
        await queryRunner.query(`DROP INDEX "IDX_1f13e13dd1bcfb1af3a1910c50"`);
        await queryRunner.query(`DROP TABLE "mediation_activities"`);
        await queryRunner.query(`DROP INDEX "IDX_2674a0998c99f5afb3d880e8ca"`);
        await queryRunner.query(`DROP INDEX "IDX_2d16f12c1b58be2c72fa209b9c"`);
        await queryRunner.query(`DROP INDEX "IDX_b2ab91f74a216db315f7fa8794"`);
        await queryRunner.query(`DROP TABLE "mediation_accompaniments"`);
        await queryRunner.query(`DROP INDEX "IDX_c386f8324b4382c45dd6530ed2"`);
        await queryRunner.query(`DROP TABLE "mediation_followed_people"`);
    }

}
