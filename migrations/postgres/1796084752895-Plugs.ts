import { MigrationInterface, QueryRunner } from "typeorm";

export class Plugs1796084752895 implements MigrationInterface {
    name = 'Plugs1796084752895'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "machine_plugs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "machineId" character varying(36) NOT NULL, "kind" character varying(10) NOT NULL, "topic" character varying(100) NOT NULL, "username" character varying(140) NOT NULL, "secretHash" character varying(64) NOT NULL, "busyWatts" integer NOT NULL DEFAULT '20', "idleSeconds" integer NOT NULL DEFAULT '600', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_94f84967ade7ee5cc9058e83dc9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_9792ff76ffd30b8cb00c47d179" ON "machine_plugs"  ("siteId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_19f98b2444b186a7198e39077a" ON "machine_plugs"  ("machineId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a88abf950a758f65b592dd46be" ON "machine_plugs"  ("topic") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a9786219b31204c11e4b4d57b3" ON "machine_plugs"  ("username") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_a9786219b31204c11e4b4d57b3"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_a88abf950a758f65b592dd46be"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_19f98b2444b186a7198e39077a"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_9792ff76ffd30b8cb00c47d179"`);
        await queryRunner.query(`DROP TABLE "machine_plugs"`);
    }

}
