import { MigrationInterface, QueryRunner } from "typeorm";

export class MachineSamples1796100952277 implements MigrationInterface {
    name = 'MachineSamples1796100952277'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "machine_samples" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "machineId" varchar(36) NOT NULL, "at" datetime NOT NULL, "powerW" real, "progress" real, "temps" text)`);
        await queryRunner.query(`CREATE INDEX "IDX_c7df4fc3ae13ba7859a37aaa13" ON "machine_samples" ("at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_43799688743ee6fd6cded7dd8a" ON "machine_samples" ("machineId", "at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_43799688743ee6fd6cded7dd8a"`);
        await queryRunner.query(`DROP INDEX "IDX_c7df4fc3ae13ba7859a37aaa13"`);
        await queryRunner.query(`DROP TABLE "machine_samples"`);
    }

}
