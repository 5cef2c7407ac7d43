import { MigrationInterface, QueryRunner } from "typeorm";

export class MachineCare1796418920552 implements MigrationInterface {
    name = 'MachineCare1796418920552'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "maintenance_plans" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "machineId" varchar(36) NOT NULL, "task" varchar(200) NOT NULL, "everyHours" real NOT NULL, "lastDoneAt" datetime NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_d3f7457ea7f1de766088a91575" ON "maintenance_plans" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_42f1fa218340c5472c1e483caa" ON "maintenance_plans" ("machineId") `);
        await queryRunner.query(`CREATE TABLE "maintenance_records" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "machineId" varchar(36) NOT NULL, "planId" varchar(36), "doneAt" datetime NOT NULL, "doneById" varchar(36) NOT NULL, "what" varchar(1000) NOT NULL, "downtimeMinutes" integer NOT NULL DEFAULT (0), "partsUsed" text NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_9bb62ecc8075e64fa86a63c05f" ON "maintenance_records" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_cc9b3cc9febd18296e2abb6b7d" ON "maintenance_records" ("machineId", "doneAt") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_cc9b3cc9febd18296e2abb6b7d"`);
        await queryRunner.query(`DROP INDEX "IDX_9bb62ecc8075e64fa86a63c05f"`);
        await queryRunner.query(`DROP TABLE "maintenance_records"`);
        await queryRunner.query(`DROP INDEX "IDX_42f1fa218340c5472c1e483caa"`);
        await queryRunner.query(`DROP INDEX "IDX_d3f7457ea7f1de766088a91575"`);
        await queryRunner.query(`DROP TABLE "maintenance_plans"`);
    }

}
