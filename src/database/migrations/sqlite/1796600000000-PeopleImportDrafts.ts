import { MigrationInterface, QueryRunner } from 'typeorm';

/** HR files kept between the import pages' steps (people/people-import-draft.entity.ts). */
export class PeopleImportDrafts1796600000000 implements MigrationInterface {
  name = 'PeopleImportDrafts1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "people_import_draft" ("id" varchar PRIMARY KEY NOT NULL, "createdById" varchar NOT NULL, "fileName" varchar(255), "encoding" varchar(16) NOT NULL, "content" text NOT NULL, "delimiter" varchar(1) NOT NULL, "headings" text NOT NULL, "rowCount" integer NOT NULL, "columns" text, "organisationForAll" varchar(32), "fingerprint" varchar(64) NOT NULL, "createdAt" datetime NOT NULL, "expiresAt" datetime NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_56a1eb82b1e30de66468c955e7" ON "people_import_draft" ("expiresAt") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_56a1eb82b1e30de66468c955e7"`);
    await queryRunner.query(`DROP TABLE "people_import_draft"`);
  }
}
