import { MigrationInterface, QueryRunner } from "typeorm";

export class TrainingSessionLength1796428026138 implements MigrationInterface {
    name = 'TrainingSessionLength1796428026138'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_e801d2387b4f1717e4610bb9c3"`);
        await queryRunner.query(`DROP INDEX "IDX_1dda213bccf3f3be112be7c16c"`);
        await queryRunner.query(`CREATE TABLE "temporary_training_sessions" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "trainingId" varchar(36) NOT NULL, "trainerId" varchar(36) NOT NULL, "date" varchar(10) NOT NULL, "notes" varchar(2000) NOT NULL DEFAULT (''), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "durationMinutes" integer NOT NULL DEFAULT (120))`);
        await queryRunner.query(`INSERT INTO "temporary_training_sessions"("id", "siteId", "trainingId", "trainerId", "date", "notes", "createdAt") SELECT "id", "siteId", "trainingId", "trainerId", "date", "notes", "createdAt" FROM "training_sessions"`);
        await queryRunner.query(`DROP TABLE "training_sessions"`);
        await queryRunner.query(`ALTER TABLE "temporary_training_sessions" RENAME TO "training_sessions"`);
        await queryRunner.query(`CREATE INDEX "IDX_e801d2387b4f1717e4610bb9c3" ON "training_sessions" ("siteId", "date") `);
        await queryRunner.query(`CREATE INDEX "IDX_1dda213bccf3f3be112be7c16c" ON "training_sessions" ("trainingId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_1dda213bccf3f3be112be7c16c"`);
        await queryRunner.query(`DROP INDEX "IDX_e801d2387b4f1717e4610bb9c3"`);
        await queryRunner.query(`ALTER TABLE "training_sessions" RENAME TO "temporary_training_sessions"`);
        await queryRunner.query(`CREATE TABLE "training_sessions" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "trainingId" varchar(36) NOT NULL, "trainerId" varchar(36) NOT NULL, "date" varchar(10) NOT NULL, "notes" varchar(2000) NOT NULL DEFAULT (''), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`INSERT INTO "training_sessions"("id", "siteId", "trainingId", "trainerId", "date", "notes", "createdAt") SELECT "id", "siteId", "trainingId", "trainerId", "date", "notes", "createdAt" FROM "temporary_training_sessions"`);
        await queryRunner.query(`DROP TABLE "temporary_training_sessions"`);
        await queryRunner.query(`CREATE INDEX "IDX_1dda213bccf3f3be112be7c16c" ON "training_sessions" ("trainingId") `);
        await queryRunner.query(`CREATE INDEX "IDX_e801d2387b4f1717e4610bb9c3" ON "training_sessions" ("siteId", "date") `);
    }

}
