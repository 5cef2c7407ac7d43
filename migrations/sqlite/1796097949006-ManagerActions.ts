import { MigrationInterface, QueryRunner } from "typeorm";

export class ManagerActions1796097949006 implements MigrationInterface {
    name = 'ManagerActions1796097949006'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "manager_actions" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "action" varchar(40) NOT NULL, "machineId" varchar(36), "sessionId" varchar(36), "reason" varchar(300), "alertKey" varchar(120), "at" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_43b12db0a54d983e17ec987fb4" ON "manager_actions" ("alertKey") `);
        await queryRunner.query(`CREATE INDEX "IDX_f2bcb491d08a0620201262cb34" ON "manager_actions" ("siteId", "at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_f2bcb491d08a0620201262cb34"`);
        await queryRunner.query(`DROP INDEX "IDX_43b12db0a54d983e17ec987fb4"`);
        await queryRunner.query(`DROP TABLE "manager_actions"`);
    }

}
