import { MigrationInterface, QueryRunner } from "typeorm";

export class TrainingsMachineStates1796082946417 implements MigrationInterface {
    name = 'TrainingsMachineStates1796082946417'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "qualification_reminders" ("id" varchar PRIMARY KEY NOT NULL, "qualificationId" varchar(36) NOT NULL, "daysBefore" integer NOT NULL, "sentAt" datetime NOT NULL)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_8640d2c865c6036142c2d3e492" ON "qualification_reminders" ("qualificationId", "daysBefore") `);
        await queryRunner.query(`CREATE TABLE "training_sessions" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "trainingId" varchar(36) NOT NULL, "trainerId" varchar(36) NOT NULL, "date" varchar(10) NOT NULL, "notes" varchar(2000) NOT NULL DEFAULT (''), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "IDX_1dda213bccf3f3be112be7c16c" ON "training_sessions" ("trainingId") `);
        await queryRunner.query(`CREATE INDEX "IDX_e801d2387b4f1717e4610bb9c3" ON "training_sessions" ("siteId", "date") `);
        await queryRunner.query(`CREATE TABLE "training_session_attendees" ("id" varchar PRIMARY KEY NOT NULL, "sessionId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "result" varchar(10) NOT NULL, "qualificationId" varchar(36))`);
        await queryRunner.query(`CREATE INDEX "IDX_2a5ad07b8a2f9f4e43fbdb31ee" ON "training_session_attendees" ("personId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_36fcadb68050dad6ad7294a7c3" ON "training_session_attendees" ("sessionId", "personId") `);
        await queryRunner.query(`DROP INDEX "IDX_d57e9828fe6899f6fce913d5ac"`);
        await queryRunner.query(`DROP INDEX "IDX_854d20c44a564a888df9f76223"`);
        await queryRunner.query(`DROP INDEX "IDX_6b6353e0757321986645d527fc"`);
        await queryRunner.query(`CREATE TABLE "temporary_machines" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "slug" varchar(63) NOT NULL, "name" varchar(200) NOT NULL, "type" varchar(20) NOT NULL, "profile" text NOT NULL DEFAULT ('{}'), "status" varchar(20) NOT NULL DEFAULT ('free'), "statusReason" varchar(300), "bridgeId" varchar(36), "maxSessionMinutes" integer NOT NULL DEFAULT (480), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "statusSetBy" varchar(36), "statusSetAt" datetime)`);
        await queryRunner.query(`INSERT INTO "temporary_machines"("id", "siteId", "slug", "name", "type", "profile", "status", "statusReason", "bridgeId", "maxSessionMinutes", "createdAt") SELECT "id", "siteId", "slug", "name", "type", "profile", "status", "statusReason", "bridgeId", "maxSessionMinutes", "createdAt" FROM "machines"`);
        await queryRunner.query(`DROP TABLE "machines"`);
        await queryRunner.query(`ALTER TABLE "temporary_machines" RENAME TO "machines"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d57e9828fe6899f6fce913d5ac" ON "machines" ("siteId", "slug") `);
        await queryRunner.query(`CREATE INDEX "IDX_854d20c44a564a888df9f76223" ON "machines" ("bridgeId") `);
        await queryRunner.query(`CREATE INDEX "IDX_6b6353e0757321986645d527fc" ON "machines" ("siteId") `);
        await queryRunner.query(`DROP INDEX "IDX_ee35f642ba22f16cb3c82f833e"`);
        await queryRunner.query(`DROP INDEX "IDX_e264b45bb48e92fe9e07c2b3bf"`);
        await queryRunner.query(`DROP INDEX "IDX_1fdba183abee73394aea08010c"`);
        await queryRunner.query(`CREATE TABLE "temporary_qualifications" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "trainingId" varchar(36) NOT NULL, "trainerId" varchar(36), "passedOn" varchar(10) NOT NULL, "expiresAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "suspendedAt" datetime, "suspendedReason" varchar(300), "suspendedBy" varchar(36))`);
        await queryRunner.query(`INSERT INTO "temporary_qualifications"("id", "siteId", "personId", "trainingId", "trainerId", "passedOn", "expiresAt", "createdAt") SELECT "id", "siteId", "personId", "trainingId", "trainerId", "passedOn", "expiresAt", "createdAt" FROM "qualifications"`);
        await queryRunner.query(`DROP TABLE "qualifications"`);
        await queryRunner.query(`ALTER TABLE "temporary_qualifications" RENAME TO "qualifications"`);
        await queryRunner.query(`CREATE INDEX "IDX_ee35f642ba22f16cb3c82f833e" ON "qualifications" ("trainingId") `);
        await queryRunner.query(`CREATE INDEX "IDX_e264b45bb48e92fe9e07c2b3bf" ON "qualifications" ("personId") `);
        await queryRunner.query(`CREATE INDEX "IDX_1fdba183abee73394aea08010c" ON "qualifications" ("siteId") `);
        await queryRunner.query(`DROP INDEX "IDX_1ae531857e1686aff823947155"`);
        await queryRunner.query(`CREATE TABLE "temporary_trainings" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "name" varchar(200) NOT NULL, "nameEn" varchar(200) NOT NULL DEFAULT (''), "machineTypes" text NOT NULL DEFAULT ('[]'), "machineIds" text NOT NULL DEFAULT ('[]'), "validityMonths" integer, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "requiresRenewal" boolean NOT NULL DEFAULT (1), "prerequisiteIds" text NOT NULL DEFAULT ('[]'))`);
        await queryRunner.query(`INSERT INTO "temporary_trainings"("id", "siteId", "name", "nameEn", "machineTypes", "machineIds", "validityMonths", "createdAt") SELECT "id", "siteId", "name", "nameEn", "machineTypes", "machineIds", "validityMonths", "createdAt" FROM "trainings"`);
        await queryRunner.query(`DROP TABLE "trainings"`);
        await queryRunner.query(`ALTER TABLE "temporary_trainings" RENAME TO "trainings"`);
        await queryRunner.query(`CREATE INDEX "IDX_1ae531857e1686aff823947155" ON "trainings" ("siteId") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_1ae531857e1686aff823947155"`);
        await queryRunner.query(`ALTER TABLE "trainings" RENAME TO "temporary_trainings"`);
        await queryRunner.query(`CREATE TABLE "trainings" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "name" varchar(200) NOT NULL, "nameEn" varchar(200) NOT NULL DEFAULT (''), "machineTypes" text NOT NULL DEFAULT ('[]'), "machineIds" text NOT NULL DEFAULT ('[]'), "validityMonths" integer, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`INSERT INTO "trainings"("id", "siteId", "name", "nameEn", "machineTypes", "machineIds", "validityMonths", "createdAt") SELECT "id", "siteId", "name", "nameEn", "machineTypes", "machineIds", "validityMonths", "createdAt" FROM "temporary_trainings"`);
        await queryRunner.query(`DROP TABLE "temporary_trainings"`);
        await queryRunner.query(`CREATE INDEX "IDX_1ae531857e1686aff823947155" ON "trainings" ("siteId") `);
        await queryRunner.query(`DROP INDEX "IDX_1fdba183abee73394aea08010c"`);
        await queryRunner.query(`DROP INDEX "IDX_e264b45bb48e92fe9e07c2b3bf"`);
        await queryRunner.query(`DROP INDEX "IDX_ee35f642ba22f16cb3c82f833e"`);
        await queryRunner.query(`ALTER TABLE "qualifications" RENAME TO "temporary_qualifications"`);
        await queryRunner.query(`CREATE TABLE "qualifications" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "personId" varchar(36) NOT NULL, "trainingId" varchar(36) NOT NULL, "trainerId" varchar(36), "passedOn" varchar(10) NOT NULL, "expiresAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`INSERT INTO "qualifications"("id", "siteId", "personId", "trainingId", "trainerId", "passedOn", "expiresAt", "createdAt") SELECT "id", "siteId", "personId", "trainingId", "trainerId", "passedOn", "expiresAt", "createdAt" FROM "temporary_qualifications"`);
        await queryRunner.query(`DROP TABLE "temporary_qualifications"`);
        await queryRunner.query(`CREATE INDEX "IDX_1fdba183abee73394aea08010c" ON "qualifications" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_e264b45bb48e92fe9e07c2b3bf" ON "qualifications" ("personId") `);
        await queryRunner.query(`CREATE INDEX "IDX_ee35f642ba22f16cb3c82f833e" ON "qualifications" ("trainingId") `);
        await queryRunner.query(`DROP INDEX "IDX_6b6353e0757321986645d527fc"`);
        await queryRunner.query(`DROP INDEX "IDX_854d20c44a564a888df9f76223"`);
        await queryRunner.query(`DROP INDEX "IDX_d57e9828fe6899f6fce913d5ac"`);
        await queryRunner.query(`ALTER TABLE "machines" RENAME TO "temporary_machines"`);
        await queryRunner.query(`CREATE TABLE "machines" ("id" varchar PRIMARY KEY NOT NULL, "siteId" varchar(36) NOT NULL, "slug" varchar(63) NOT NULL, "name" varchar(200) NOT NULL, "type" varchar(20) NOT NULL, "profile" text NOT NULL DEFAULT ('{}'), "status" varchar(20) NOT NULL DEFAULT ('free'), "statusReason" varchar(300), "bridgeId" varchar(36), "maxSessionMinutes" integer NOT NULL DEFAULT (480), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`INSERT INTO "machines"("id", "siteId", "slug", "name", "type", "profile", "status", "statusReason", "bridgeId", "maxSessionMinutes", "createdAt") SELECT "id", "siteId", "slug", "name", "type", "profile", "status", "statusReason", "bridgeId", "maxSessionMinutes", "createdAt" FROM "temporary_machines"`);
        await queryRunner.query(`DROP TABLE "temporary_machines"`);
        await queryRunner.query(`CREATE INDEX "IDX_6b6353e0757321986645d527fc" ON "machines" ("siteId") `);
        await queryRunner.query(`CREATE INDEX "IDX_854d20c44a564a888df9f76223" ON "machines" ("bridgeId") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d57e9828fe6899f6fce913d5ac" ON "machines" ("siteId", "slug") `);
        await queryRunner.query(`DROP INDEX "IDX_36fcadb68050dad6ad7294a7c3"`);
        await queryRunner.query(`DROP INDEX "IDX_2a5ad07b8a2f9f4e43fbdb31ee"`);
        await queryRunner.query(`DROP TABLE "training_session_attendees"`);
        await queryRunner.query(`DROP INDEX "IDX_e801d2387b4f1717e4610bb9c3"`);
        await queryRunner.query(`DROP INDEX "IDX_1dda213bccf3f3be112be7c16c"`);
        await queryRunner.query(`DROP TABLE "training_sessions"`);
        await queryRunner.query(`DROP INDEX "IDX_8640d2c865c6036142c2d3e492"`);
        await queryRunner.query(`DROP TABLE "qualification_reminders"`);
    }

}
