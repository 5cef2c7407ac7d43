import { MigrationInterface, QueryRunner } from "typeorm";

export class BookingChanges1796430440179 implements MigrationInterface {
    name = 'BookingChanges1796430440179'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "booking_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "bookingId" character varying(36) NOT NULL, "siteId" character varying(36) NOT NULL, "changedById" character varying(36) NOT NULL, "fromStartsAt" TIMESTAMP WITH TIME ZONE NOT NULL, "fromEndsAt" TIMESTAMP WITH TIME ZONE NOT NULL, "toStartsAt" TIMESTAMP WITH TIME ZONE NOT NULL, "toEndsAt" TIMESTAMP WITH TIME ZONE NOT NULL, "priceBeforeCents" integer NOT NULL, "priceAfterCents" integer NOT NULL, "changedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d2e6a6a5a14fa4f8507c7840715" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_75cf54822c3083b90b341aa361" ON "booking_changes"  ("bookingId") `);
        await queryRunner.query(`CREATE INDEX "IDX_f8f9c29e4657fcd4c68bfc9de0" ON "booking_changes"  ("siteId") `);
        await queryRunner.query(`ALTER TABLE "site_hours_rules" ADD "changeCutoffMinutes" integer`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "site_hours_rules" DROP COLUMN "changeCutoffMinutes"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_f8f9c29e4657fcd4c68bfc9de0"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_75cf54822c3083b90b341aa361"`);
        await queryRunner.query(`DROP TABLE "booking_changes"`);
    }

}
