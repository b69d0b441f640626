import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The training report's projection (reports/attendance-fact.entity.ts): the table, its indexes,
 * the triggers that keep it in step with attendance_record, person and training_session, and
 * the rows for the records that already exist. The month is worked out by local_month(), which
 * the service registers on every connection (database/sqlite-functions.ts).
 */
const FACT_COLUMNS = `"recordId", "personId", "sessionId", "status", "organisationId", "team", "inCohort", "courseId", "startsAt", "month", "counted"`;

/** The facts of the records (alias r) in `from`, from their person and session as they are now. */
const factsOf = (r: string, from: string) => `
  SELECT ${r}."id", ${r}."personId", ${r}."sessionId", ${r}."status", p."organisationId", p."team",
         p."active" = TRUE AND p."roles" LIKE '%learner%', s."courseId", s."startsAt",
         local_month(s."startsAt", 'Europe/London'), s."status" <> 'cancelled'
  FROM ${from}
  WHERE p."id" = ${r}."personId" AND s."id" = ${r}."sessionId"`;

export class AttendanceFacts1796160938226 implements MigrationInterface {
  name = 'AttendanceFacts1796160938226';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "attendance_fact" ("recordId" varchar PRIMARY KEY NOT NULL, "personId" varchar NOT NULL, "sessionId" varchar NOT NULL, "status" varchar(16) NOT NULL, "organisationId" varchar NOT NULL, "team" varchar(200), "inCohort" boolean NOT NULL, "courseId" varchar NOT NULL, "startsAt" datetime NOT NULL, "month" varchar(7) NOT NULL, "counted" boolean NOT NULL, CONSTRAINT "FK_bf22519d78366e3bab3b57bdd1b" FOREIGN KEY ("recordId") REFERENCES "attendance_record" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(`CREATE INDEX "IDX_attendance_fact_session" ON "attendance_fact" ("sessionId", "organisationId") `);
    await queryRunner.query(`CREATE INDEX "IDX_attendance_fact_person" ON "attendance_fact" ("personId") `);
    await queryRunner.query(`CREATE INDEX "IDX_attendance_fact_by_month" ON "attendance_fact" ("month", "personId", "startsAt", "courseId", "organisationId", "status") WHERE "inCohort" = TRUE AND "counted" = TRUE`);
    await queryRunner.query(`CREATE INDEX "IDX_attendance_fact_by_course" ON "attendance_fact" ("courseId", "personId", "startsAt", "organisationId", "status") WHERE "inCohort" = TRUE AND "counted" = TRUE`);
    await queryRunner.query(`CREATE INDEX "IDX_attendance_fact_by_team" ON "attendance_fact" ("organisationId", "team", "personId", "startsAt", "courseId", "month", "status") WHERE "inCohort" = TRUE AND "counted" = TRUE`);
    await queryRunner.query(`CREATE INDEX "IDX_person_cohort" ON "person" ("organisationId", "team") WHERE active = TRUE AND roles LIKE '%learner%'`);

    const upsert = `INSERT INTO "attendance_fact" (${FACT_COLUMNS}) ${factsOf('NEW', '"person" p, "training_session" s')}
      ON CONFLICT ("recordId") DO UPDATE SET "personId" = excluded."personId", "sessionId" = excluded."sessionId", "status" = excluded."status",
        "organisationId" = excluded."organisationId", "team" = excluded."team", "inCohort" = excluded."inCohort",
        "courseId" = excluded."courseId", "startsAt" = excluded."startsAt", "month" = excluded."month", "counted" = excluded."counted";`;
    await queryRunner.query(`CREATE TRIGGER "attendance_fact_record_insert" AFTER INSERT ON "attendance_record" BEGIN ${upsert} END`);
    await queryRunner.query(`CREATE TRIGGER "attendance_fact_record_update" AFTER UPDATE OF "status", "personId", "sessionId" ON "attendance_record"
      WHEN OLD."status" IS NOT NEW."status" OR OLD."personId" IS NOT NEW."personId" OR OLD."sessionId" IS NOT NEW."sessionId"
      BEGIN ${upsert} END`);
    await queryRunner.query(`CREATE TRIGGER "attendance_fact_session_update" AFTER UPDATE OF "courseId", "startsAt", "status" ON "training_session"
      WHEN OLD."courseId" IS NOT NEW."courseId" OR OLD."startsAt" IS NOT NEW."startsAt" OR OLD."status" IS NOT NEW."status"
      BEGIN
        UPDATE "attendance_fact" SET "courseId" = NEW."courseId", "startsAt" = NEW."startsAt",
          "month" = local_month(NEW."startsAt", 'Europe/London'), "counted" = NEW."status" <> 'cancelled'
        WHERE "sessionId" = NEW."id";
      END`);
    await queryRunner.query(`CREATE TRIGGER "attendance_fact_person_update" AFTER UPDATE OF "organisationId", "team", "active", "roles" ON "person"
      WHEN OLD."organisationId" IS NOT NEW."organisationId" OR OLD."team" IS NOT NEW."team" OR OLD."active" IS NOT NEW."active" OR OLD."roles" IS NOT NEW."roles"
      BEGIN
        UPDATE "attendance_fact" SET "organisationId" = NEW."organisationId", "team" = NEW."team",
          "inCohort" = (NEW."active" = TRUE AND NEW."roles" LIKE '%learner%')
        WHERE "personId" = NEW."id";
      END`);
    await queryRunner.query(`INSERT INTO "attendance_fact" (${FACT_COLUMNS}) ${factsOf('ar', '"attendance_record" ar, "person" p, "training_session" s')}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "attendance_fact_person_update"`);
    await queryRunner.query(`DROP TRIGGER "attendance_fact_session_update"`);
    await queryRunner.query(`DROP TRIGGER "attendance_fact_record_update"`);
    await queryRunner.query(`DROP TRIGGER "attendance_fact_record_insert"`);
    await queryRunner.query(`DROP INDEX "IDX_person_cohort"`);
    await queryRunner.query(`DROP INDEX "IDX_attendance_fact_by_team"`);
    await queryRunner.query(`DROP INDEX "IDX_attendance_fact_by_course"`);
    await queryRunner.query(`DROP INDEX "IDX_attendance_fact_by_month"`);
    await queryRunner.query(`DROP INDEX "IDX_attendance_fact_person"`);
    await queryRunner.query(`DROP INDEX "IDX_attendance_fact_session"`);
    await queryRunner.query(`DROP TABLE "attendance_fact"`);
  }
}
