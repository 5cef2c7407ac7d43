import { MigrationInterface, QueryRunner } from "typeorm";

export class ManagerActions1796097949863 implements MigrationInterface {
    name = 'ManagerActions1796097949863'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "manager_actions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "siteId" character varying(36) NOT NULL, "personId" character varying(36) NOT NULL, "action" character varying(40) NOT NULL, "machineId" character varying(36), "sessionId" character varying(36), "reason" character varying(300), "alertKey" character varying(120), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_57e1173b7f8c0af85219c7b474f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_43b12db0a54d983e17ec987fb4" ON "manager_actions"  ("alertKey") `);
        await queryRunner.query(`CREATE INDEX "IDX_f2bcb491d08a0620201262cb34" ON "manager_actions"  ("siteId", "at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_f2bcb491d08a0620201262cb34"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_43b12db0a54d983e17ec987fb4"`);
        await queryRunner.query(`DROP TABLE "manager_actions"`);
    }

}
