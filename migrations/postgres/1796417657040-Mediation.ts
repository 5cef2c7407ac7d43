import { MigrationInterface, QueryRunner } from "typeorm";

export class Mediation1796417657040 implements MigrationInterface {
    name = 'Mediation1796417657040'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "mediation_followed_people" ("personId" character varying(36) NOT NULL, "siteId" character varying(36) NOT NULL, "consentAt" TIMESTAMP WITH TIME ZONE NOT NULL, "consentRecordedBy" character varying(36) NOT NULL, "birthYear" integer, "gender" character varying(16) NOT NULL DEFAULT 'non_communique', "socialStatus" character varying(16) NOT NULL DEFAULT 'non_communique', "commune" character varying(120), "postalCode" character varying(5), "inseeCode" character varying(5), "prescriberName" character varying(200), "prescriberEmail" character varying(254), "prescriberConsentAt" TIMESTAMP WITH TIME ZONE, "milestonePlanId" character varying(36), "milestoneMailed" integer NOT NULL DEFAULT '0', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_606c5ef44ed237231af499862b1" PRIMARY KEY ("personId"))`);
        await queryRunner.query(`CREATE INDEX "IDX_c386f8324b4382c45dd6530ed2" ON "mediation_followed_people"  ("siteId") `);
        await queryRunner.query(`CREATE TABLE "mediation_accompaniments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "activityId" character varying(36) NOT NULL, "seq" integer NOT NULL, "siteId" character varying(36) NOT NULL, "date" character varying(10) NOT NULL, "type" character varying(12) NOT NULL, "placeType" character varying(16) NOT NULL, "durationMinutes" integer NOT NULL, "personId" character varying(36), "firstTime" boolean NOT NULL, "gender" character varying(16) NOT NULL, "ageBand" character varying(24) NOT NULL, "socialStatus" character varying(16) NOT NULL, "commune" character varying(120), "postalCode" character varying(5), "inseeCode" character varying(5), CONSTRAINT "PK_f998f8198f367f598d465a00a1f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_b2ab91f74a216db315f7fa8794" ON "mediation_accompaniments"  ("activityId") `);
        await queryRunner.query(`CREATE INDEX "IDX_2d16f12c1b58be2c72fa209b9c" ON "mediation_accompaniments"  ("personId") `);
        await queryRunner.query(`CREATE INDEX "IDX_2674a0998c99f5afb3d880e8ca" ON "mediation_accompaniments"  ("siteId", "date") `);
        await queryRunner.query(`CREATE TABLE "mediation_activities" ("id" character varying(36) NOT NULL, "siteId" character varying(36) NOT NULL, "mediatorId" character varying(36) NOT NULL, "type" character varying(12) NOT NULL, "date" character varying(10) NOT NULL, "durationMinutes" integer NOT NULL, "placeType" character varying(16) NOT NULL, "placeCommune" character varying(120), "placePostalCode" character varying(5), "placeInseeCode" character varying(5), "equipment" text NOT NULL, "topics" text NOT NULL, "procedureName" character varying(300), "mandateUsed" boolean NOT NULL DEFAULT false, "autonomy" character varying(30), "redirected" boolean, "redirectedTo" character varying(40), "workshopTitle" character varying(200), "workshopLevel" character varying(20), "notes" character varying(2000), "participantsCount" integer NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a984c47d9ed5aa545fa4bd2b069" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_1f13e13dd1bcfb1af3a1910c50" ON "mediation_activities"  ("mediatorId") `);
        await queryRunner.query(`CREATE INDEX "IDX_188949eeafff50b7f17ce0cf4a" ON "mediation_activities"  ("date", "id") `);
        await queryRunner.query(`CREATE INDEX "IDX_bfc4406ea3c7b487a3a4e83db4" ON "mediation_activities"  ("siteId", "date") `);
        await queryRunner.query(`CREATE TABLE "mediation_activity_topics" ("activityId" character varying(36) NOT NULL, "topic" character varying(40) NOT NULL, "siteId" character varying(36) NOT NULL, "date" character varying(10) NOT NULL, CONSTRAINT "PK_43a6d3eac8070dc3c62eb4f0dc0" PRIMARY KEY ("activityId", "topic"))`);
        await queryRunner.query(`CREATE INDEX "IDX_20aecfcff42af9983ae1aac16b" ON "mediation_activity_topics"  ("siteId", "date") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_20aecfcff42af9983ae1aac16b"`);
        await queryRunner.query(`DROP TABLE "mediation_activity_topics"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_bfc4406ea3c7b487a3a4e83db4"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_188949eeafff50b7f17ce0cf4a"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_1f13e13dd1bcfb1af3a1910c50"`);
        await queryRunner.query(`DROP TABLE "mediation_activities"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_2674a0998c99f5afb3d880e8ca"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_2d16f12c1b58be2c72fa209b9c"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_b2ab91f74a216db315f7fa8794"`);
        await queryRunner.query(`DROP TABLE "mediation_accompaniments"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_c386f8324b4382c45dd6530ed2"`);
        await queryRunner.query(`DROP TABLE "mediation_followed_people"`);
    }

}
