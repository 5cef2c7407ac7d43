import { MigrationInterface, QueryRunner } from "typeorm";

export class PricePeriods1796429856169 implements MigrationInterface {
    name = 'PricePeriods1796429856169'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_dc28c271d88f93fcad8e8b9a33"`);
        await queryRunner.query(`CREATE TABLE "temporary_price_lines" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "label" varchar(200) NOT NULL, "machineId" varchar(36), "machineType" varchar(20), "consumable" varchar(80), "category" varchar(40) NOT NULL DEFAULT ('*'), "unit" varchar(10) NOT NULL, "slotMinutes" integer, "unitCents" integer NOT NULL, "vatBasisPoints" integer NOT NULL DEFAULT (2000), "bookingIsMinimum" boolean NOT NULL DEFAULT (0), "validFrom" varchar(10), "validUntil" varchar(10), "fromTime" varchar(5), "untilTime" varchar(5), "freeMinutes" integer NOT NULL DEFAULT (0))`);
        await queryRunner.query(`INSERT INTO "temporary_price_lines"("id", "siteId", "label", "machineId", "machineType", "consumable", "category", "unit", "slotMinutes", "unitCents", "vatBasisPoints", "bookingIsMinimum") SELECT "id", "siteId", "label", "machineId", "machineType", "consumable", "category", "unit", "slotMinutes", "unitCents", "vatBasisPoints", "bookingIsMinimum" FROM "price_lines"`);
        await queryRunner.query(`DROP TABLE "price_lines"`);
        await queryRunner.query(`ALTER TABLE "temporary_price_lines" RENAME TO "price_lines"`);
        await queryRunner.query(`CREATE INDEX "IDX_dc28c271d88f93fcad8e8b9a33" ON "price_lines" ("siteId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_dc28c271d88f93fcad8e8b9a33"`);
        await queryRunner.query(`ALTER TABLE "price_lines" RENAME TO "temporary_price_lines"`);
        await queryRunner.query(`CREATE TABLE "price_lines" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "label" varchar(200) NOT NULL, "machineId" varchar(36), "machineType" varchar(20), "consumable" varchar(80), "category" varchar(40) NOT NULL DEFAULT ('*'), "unit" varchar(10) NOT NULL, "slotMinutes" integer, "unitCents" integer NOT NULL, "vatBasisPoints" integer NOT NULL DEFAULT (2000), "bookingIsMinimum" boolean NOT NULL DEFAULT (0))`);
        await queryRunner.query(`INSERT INTO "price_lines"("id", "siteId", "label", "machineId", "machineType", "consumable", "category", "unit", "slotMinutes", "unitCents", "vatBasisPoints", "bookingIsMinimum") SELECT "id", "siteId", "label", "machineId", "machineType", "consumable", "category", "unit", "slotMinutes", "unitCents", "vatBasisPoints", "bookingIsMinimum" FROM "temporary_price_lines"`);
        await queryRunner.query(`DROP TABLE "temporary_price_lines"`);
        await queryRunner.query(`CREATE INDEX "IDX_dc28c271d88f93fcad8e8b9a33" ON "price_lines" ("siteId") `);
    }

}
