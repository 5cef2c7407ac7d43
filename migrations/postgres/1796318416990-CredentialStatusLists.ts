import { MigrationInterface, QueryRunner } from "typeorm";

export class CredentialStatusLists1796318416990 implements MigrationInterface {
    name = 'CredentialStatusLists1796318416990'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "issued_credentials" ADD "statusSequence" integer`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f75e2f50ed11fccc09832c560c" ON "issued_credentials"  ("siteId", "statusSequence") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_f75e2f50ed11fccc09832c560c"`);
        await queryRunner.query(`ALTER TABLE "issued_credentials" DROP COLUMN "statusSequence"`);
    }

}
