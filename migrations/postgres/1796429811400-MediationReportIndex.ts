import { MigrationInterface, QueryRunner } from "typeorm";

export class MediationReportIndex1796429811400 implements MigrationInterface {
    name = 'MediationReportIndex1796429811400'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_2674a0998c99f5afb3d880e8ca"`);
        await queryRunner.query(`CREATE INDEX "IDX_mediation_accompaniments_report" ON "mediation_accompaniments"  ("siteId", "date", "activityId", "type", "placeType", "durationMinutes", "personId", "firstTime", "gender", "ageBand", "socialStatus") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_mediation_accompaniments_report"`);
        await queryRunner.query(`CREATE INDEX "IDX_2674a0998c99f5afb3d880e8ca" ON "mediation_accompaniments" USING btree ("siteId", "date") `);
    }

}
