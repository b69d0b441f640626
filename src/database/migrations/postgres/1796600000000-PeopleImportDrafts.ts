import { MigrationInterface, QueryRunner } from 'typeorm';

/** HR files kept between the import pages' steps (people/people-import-draft.entity.ts). */
export class PeopleImportDrafts1796600000000 implements MigrationInterface {
  name = 'PeopleImportDrafts1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "people_import_draft" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "createdById" uuid NOT NULL, "fileName" character varying(255), "encoding" character varying(16) NOT NULL, "content" text NOT NULL, "delimiter" character varying(1) NOT NULL, "headings" text NOT NULL, "rowCount" integer NOT NULL, "columns" text, "organisationForAll" character varying(32), "fingerprint" character varying(64) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_dce77ff6e1807cb4f8f1c520aa8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_56a1eb82b1e30de66468c955e7" ON "people_import_draft" ("expiresAt") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_56a1eb82b1e30de66468c955e7"`);
    await queryRunner.query(`DROP TABLE "people_import_draft"`);
  }
}
