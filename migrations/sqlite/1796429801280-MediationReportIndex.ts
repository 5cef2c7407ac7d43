import { MigrationInterface, QueryRunner } from "typeorm";

export class MediationReportIndex1796429801280 implements MigrationInterface {
    name = 'MediationReportIndex1796429801280'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_2674a0998c99f5afb3d880e8ca"`);
        await queryRunner.query(`CREATE INDEX "IDX_mediation_accompaniments_report" ON "mediation_accompaniments" ("siteId", "date", "activityId", "type", "placeType", "durationMinutes", "personId", "firstTime", "gender", "ageBand", "socialStatus") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_mediation_accompaniments_report"`);
        await queryRunner.query(`CREATE INDEX "IDX_2674a0998c99f5afb3d880e8ca" ON "mediation_accompaniments" ("siteId", "date") `);
    }

}
