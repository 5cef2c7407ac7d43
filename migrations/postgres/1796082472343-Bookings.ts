import { MigrationInterface, QueryRunner } from "typeorm";

export class Bookings1796082472343 implements MigrationInterface {
    name = 'Bookings1796082472343'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // The exclusion constraint on bookings compares a varchar with "=" inside a GiST index.
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
        await queryRunner.query(`CREATE TABLE "bookable_machines" ("machineId" character varying(36) NOT NULL, "siteId" character varying(36) NOT NULL, "slotMinutes" integer NOT NULL DEFAULT '30', "minMinutes" integer NOT NULL DEFAULT '30', "maxMinutes" integer NOT NULL DEFAULT '240', "horizonDays" integer NOT NULL DEFAULT '30', "cancelNoticeMinutes" integer NOT NULL DEFAULT '120', "noShowMinutes" integer NOT NULL DEFAULT '15', "earlyMinutes" integer NOT NULL DEFAULT '10', CONSTRAINT "PK_41e312651aa248233517f08ee04" PRIMARY KEY ("machineId"))`);
        await queryRunner.query(`CREATE INDEX "IDX_670d0b1f13a828677c49d3ae6e" ON "bookable_machines"  ("siteId") `);
        await queryRunner.query(`CREATE TABLE "bookings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "machineId" character varying(36) NOT NULL, "personId" character varying(36), "kind" character varying(20) NOT NULL DEFAULT 'booking', "note" character varying(300) NOT NULL DEFAULT '', "startsAt" TIMESTAMP WITH TIME ZONE NOT NULL, "endsAt" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'active', "createdById" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "cancelledAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ex_bookings_machine_time" EXCLUDE USING gist ("machineId" WITH =, tstzrange("startsAt", "endsAt", '[)') WITH &&) WHERE ("status" = 'active'), CONSTRAINT "PK_bee6805982cc1e248e94ce94957" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_6ab1de8b5d2af0b0cc9be2ae4a" ON "bookings"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_53df75b99c17a112f9c34b2589" ON "bookings"  ("personId") `);
        await queryRunner.query(`CREATE INDEX "IDX_82a7b2dfa3b037e68b744d5c7c" ON "bookings"  ("machineId", "startsAt") `);
        await queryRunner.query(`CREATE TABLE "calendar_feeds" ("secret" character varying(64) NOT NULL, "siteId" character varying(36) NOT NULL, "personId" character varying(36), "machineId" character varying(36), CONSTRAINT "PK_98ede7ef84e354b249f28ad191d" PRIMARY KEY ("secret"))`);
        await queryRunner.query(`CREATE INDEX "IDX_a23436650649a04f3a7863272b" ON "calendar_feeds"  ("siteId") `);
        await queryRunner.query(`CREATE TABLE "consumable_uses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "personId" character varying(36) NOT NULL, "machineId" character varying(36), "consumable" character varying(80) NOT NULL, "quantity" integer NOT NULL, "usedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "recordedById" character varying(36) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c8a1c8de1e1cb8915d8b6fbe382" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_924b1082c92cba2a5b45af184b" ON "consumable_uses"  ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_a6dd49e005215616cca3e7c1de" ON "consumable_uses"  ("personId") `);
        await queryRunner.query(`CREATE TABLE "booking_opening_hours" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "weekday" integer NOT NULL, "opens" character varying(5) NOT NULL, "closes" character varying(5) NOT NULL, CONSTRAINT "PK_cb95ad5e369b2a52268c46c9129" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_09c857e308424eb52ceadd27fd" ON "booking_opening_hours"  ("siteId") `);
        await queryRunner.query(`CREATE TABLE "person_categories" ("personId" character varying(36) NOT NULL, "siteId" character varying(36) NOT NULL, "category" character varying(40) NOT NULL, "companyName" character varying(200), CONSTRAINT "PK_a5719a96aacb0679194d59c110b" PRIMARY KEY ("personId"))`);
        await queryRunner.query(`CREATE INDEX "IDX_2cb41757455ebbe8bcab83397b" ON "person_categories"  ("siteId") `);
        await queryRunner.query(`CREATE TABLE "price_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "label" character varying(200) NOT NULL, "machineId" character varying(36), "machineType" character varying(20), "consumable" character varying(80), "category" character varying(40) NOT NULL DEFAULT '*', "unit" character varying(10) NOT NULL, "slotMinutes" integer, "unitCents" integer NOT NULL, "vatBasisPoints" integer NOT NULL DEFAULT '2000', "bookingIsMinimum" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_faf4e190477613e92a9afda02be" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_dc28c271d88f93fcad8e8b9a33" ON "price_lines"  ("siteId") `);
        await queryRunner.query(`CREATE TABLE "booking_closures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "startsOn" character varying(10) NOT NULL, "endsOn" character varying(10) NOT NULL, "reason" character varying(200) NOT NULL DEFAULT '', CONSTRAINT "PK_cc27bcdb0cc9858be243dbea9ad" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_8ea651a8907e1f2f53a6b66267" ON "booking_closures"  ("siteId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_8ea651a8907e1f2f53a6b66267"`);
        await queryRunner.query(`DROP TABLE "booking_closures"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_dc28c271d88f93fcad8e8b9a33"`);
        await queryRunner.query(`DROP TABLE "price_lines"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_2cb41757455ebbe8bcab83397b"`);
        await queryRunner.query(`DROP TABLE "person_categories"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_09c857e308424eb52ceadd27fd"`);
        await queryRunner.query(`DROP TABLE "booking_opening_hours"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_a6dd49e005215616cca3e7c1de"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_924b1082c92cba2a5b45af184b"`);
        await queryRunner.query(`DROP TABLE "consumable_uses"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_a23436650649a04f3a7863272b"`);
        await queryRunner.query(`DROP TABLE "calendar_feeds"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_82a7b2dfa3b037e68b744d5c7c"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_53df75b99c17a112f9c34b2589"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_6ab1de8b5d2af0b0cc9be2ae4a"`);
        await queryRunner.query(`DROP TABLE "bookings"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_670d0b1f13a828677c49d3ae6e"`);
        await queryRunner.query(`DROP TABLE "bookable_machines"`);
    }

}
