import { MigrationInterface, QueryRunner } from 'typeorm';
import { personSearchText } from '../../../people/person-search';

const BATCH = 1000;

/**
 * `person.searchText`: name and e-mail folded for case- and accent-insensitive search. Filled in
 * for everyone already there by the function the service writes it with, so both agree.
 */
export class PersonSearchText1796400000000 implements MigrationInterface {
  name = 'PersonSearchText1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "person" ADD "searchText" text`);
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      const people: Array<{ id: string; name: string | null; email: string | null }> = await queryRunner.query(
        `SELECT "id", "name", "email" FROM "person" WHERE "id" > $1 AND ("name" IS NOT NULL OR "email" IS NOT NULL) ORDER BY "id" LIMIT ${BATCH}`,
        [after],
      );
      if (people.length > 0) {
        await queryRunner.query(
          `UPDATE "person" AS p SET "searchText" = v."searchText"
           FROM unnest($1::uuid[], $2::text[]) AS v("id", "searchText") WHERE p."id" = v."id"`,
          [people.map((person) => person.id), people.map((person) => personSearchText(person))],
        );
      }
      if (people.length < BATCH) break;
      after = people[people.length - 1].id;
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "person" DROP COLUMN "searchText"`);
  }
}
