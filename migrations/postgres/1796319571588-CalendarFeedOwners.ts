import { MigrationInterface, QueryRunner } from "typeorm";

export class CalendarFeedOwners1796319571588 implements MigrationInterface {
    name = 'CalendarFeedOwners1796319571588'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "calendar_settings" ("siteId" character varying(36) NOT NULL, "namesOnStaffFeeds" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_267f8284021f4ddb88d157f411a" PRIMARY KEY ("siteId"))`);
        await queryRunner.query(`ALTER TABLE "calendar_feeds" ADD "kind" character varying(12) NOT NULL DEFAULT 'person'`);
        await queryRunner.query(`ALTER TABLE "calendar_feeds" ADD "ownerId" character varying(36)`);
        await queryRunner.query(`ALTER TABLE "calendar_feeds" ADD "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
        await queryRunner.query(`CREATE INDEX "IDX_6794d47b62c3d7ea115fec1c5d" ON "calendar_feeds"  ("ownerId") `);
        // Feeds made before owners were kept: a person's feed belongs to that person; a machine
        // feed was shared by every manager and has no single owner, so it stops (managers ask again).
        await queryRunner.query(`UPDATE "calendar_feeds" SET "kind" = 'person', "ownerId" = "personId" WHERE "personId" IS NOT NULL`);
        await queryRunner.query(`UPDATE "calendar_feeds" SET "kind" = 'machine' WHERE "machineId" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_6794d47b62c3d7ea115fec1c5d"`);
        await queryRunner.query(`ALTER TABLE "calendar_feeds" DROP COLUMN "createdAt"`);
        await queryRunner.query(`ALTER TABLE "calendar_feeds" DROP COLUMN "ownerId"`);
        await queryRunner.query(`ALTER TABLE "calendar_feeds" DROP COLUMN "kind"`);
        await queryRunner.query(`DROP TABLE "calendar_settings"`);
    }

}
