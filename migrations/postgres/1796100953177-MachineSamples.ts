import { MigrationInterface, QueryRunner } from "typeorm";

export class MachineSamples1796100953177 implements MigrationInterface {
    name = 'MachineSamples1796100953177'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "machine_samples" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "machineId" character varying(36) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "powerW" real, "progress" real, "temps" text, CONSTRAINT "PK_5c873eff70b7ff2632333a6bb81" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_c7df4fc3ae13ba7859a37aaa13" ON "machine_samples"  ("at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_43799688743ee6fd6cded7dd8a" ON "machine_samples"  ("machineId", "at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_43799688743ee6fd6cded7dd8a"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_c7df4fc3ae13ba7859a37aaa13"`);
        await queryRunner.query(`DROP TABLE "machine_samples"`);
    }

}
