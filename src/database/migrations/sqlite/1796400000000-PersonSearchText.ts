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
    await queryRunner.query(`ALTER TABLE "person" ADD COLUMN "searchText" text`);
    for (let after = ''; ; ) {
      const people: Array<{ id: string; name: string | null; email: string | null }> = await queryRunner.query(
        `SELECT "id", "name", "email" FROM "person" WHERE "id" > ? AND ("name" IS NOT NULL OR "email" IS NOT NULL) ORDER BY "id" LIMIT ${BATCH}`,
        [after],
      );
      for (const person of people) {
        await queryRunner.query(`UPDATE "person" SET "searchText" = ? WHERE "id" = ?`, [personSearchText(person), person.id]);
      }
      if (people.length < BATCH) break;
      after = people[people.length - 1].id;
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "person" DROP COLUMN "searchText"`);
  }
}
