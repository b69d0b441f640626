import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The training report's projection (reports/attendance-fact.entity.ts): the table, its indexes,
 * the triggers that keep it in step with attendance_record, person and training_session, and
 * the rows for the records that already exist.
 *
 * Under READ COMMITTED a record written while its person or session is being changed by another
 * transaction could copy the old values, and that transaction's trigger would not see the new
 * record: so the record's trigger reads person and session FOR SHARE, which waits for (and then
 * reads) a change in progress, and makes a later change wait until the record is committed.
 */
const FACT_COLUMNS = `"recordId", "personId", "sessionId", "status", "organisationId", "team", "inCohort", "courseId", "startsAt", "month", "counted"`;

/** The facts of the records (alias r) in `from`, from their person and session as they are now. */
const factsOf = (r: string, from: string) => `
  SELECT ${r}."id", ${r}."personId", ${r}."sessionId", ${r}."status", p."organisationId", p."team",
         p."active" AND p."roles" LIKE '%learner%', s."courseId", s."startsAt",
         to_char(s."startsAt" AT TIME ZONE 'Europe/London', 'YYYY-MM'), s."status" <> 'cancelled'
  FROM ${from}
  WHERE p."id" = ${r}."personId" AND s."id" = ${r}."sessionId"`;

export class AttendanceFacts1796160938226 implements MigrationInterface {
  name = 'AttendanceFacts1796160938226';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "attendance_fact" ("recordId" uuid NOT NULL, "personId" uuid NOT NULL, "sessionId" uuid NOT NULL, "status" character varying(16) NOT NULL, "organisationId" uuid NOT NULL, "team" character varying(200), "inCohort" boolean NOT NULL, "courseId" uuid NOT NULL, "startsAt" TIMESTAMP WITH TIME ZONE NOT NULL, "month" character varying(7) NOT NULL, "counted" boolean NOT NULL, CONSTRAINT "PK_bf22519d78366e3bab3b57bdd1b" PRIMARY KEY ("recordId"))`);
    await queryRunner.query(`CREATE INDEX "IDX_attendance_fact_session" ON "attendance_fact" ("sessionId", "organisationId") `);
    await queryRunner.query(`CREATE INDEX "IDX_attendance_fact_person" ON "attendance_fact" ("personId") `);
    await queryRunner.query(`CREATE INDEX "IDX_attendance_fact_by_month" ON "attendance_fact" ("month", "personId", "startsAt", "courseId", "organisationId", "status") WHERE "inCohort" = TRUE AND "counted" = TRUE`);
    await queryRunner.query(`CREATE INDEX "IDX_attendance_fact_by_course" ON "attendance_fact" ("courseId", "personId", "startsAt", "organisationId", "status") WHERE "inCohort" = TRUE AND "counted" = TRUE`);
    await queryRunner.query(`CREATE INDEX "IDX_attendance_fact_by_team" ON "attendance_fact" ("organisationId", "team", "personId", "startsAt", "courseId", "month", "status") WHERE "inCohort" = TRUE AND "counted" = TRUE`);
    await queryRunner.query(`CREATE INDEX "IDX_person_cohort" ON "person" ("organisationId", "team") WHERE active = TRUE AND roles LIKE '%learner%'`);
    await queryRunner.query(`ALTER TABLE "attendance_fact" ADD CONSTRAINT "FK_bf22519d78366e3bab3b57bdd1b" FOREIGN KEY ("recordId") REFERENCES "attendance_record"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    await queryRunner.query(`CREATE FUNCTION "attendance_fact_from_record"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO "attendance_fact" (${FACT_COLUMNS}) ${factsOf('NEW', '"person" p, "training_session" s')}
        FOR SHARE OF p, s
        ON CONFLICT ("recordId") DO UPDATE SET "personId" = EXCLUDED."personId", "sessionId" = EXCLUDED."sessionId", "status" = EXCLUDED."status",
          "organisationId" = EXCLUDED."organisationId", "team" = EXCLUDED."team", "inCohort" = EXCLUDED."inCohort",
          "courseId" = EXCLUDED."courseId", "startsAt" = EXCLUDED."startsAt", "month" = EXCLUDED."month", "counted" = EXCLUDED."counted";
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "attendance_fact_record_insert" AFTER INSERT ON "attendance_record"
      FOR EACH ROW EXECUTE FUNCTION "attendance_fact_from_record"()`);
    await queryRunner.query(`CREATE TRIGGER "attendance_fact_record_update" AFTER UPDATE OF "status", "personId", "sessionId" ON "attendance_record"
      FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."personId" IS DISTINCT FROM NEW."personId" OR OLD."sessionId" IS DISTINCT FROM NEW."sessionId")
      EXECUTE FUNCTION "attendance_fact_from_record"()`);

    await queryRunner.query(`CREATE FUNCTION "attendance_fact_from_session"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE "attendance_fact" SET "courseId" = NEW."courseId", "startsAt" = NEW."startsAt",
          "month" = to_char(NEW."startsAt" AT TIME ZONE 'Europe/London', 'YYYY-MM'), "counted" = NEW."status" <> 'cancelled'
        WHERE "sessionId" = NEW."id";
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "attendance_fact_session_update" AFTER UPDATE OF "courseId", "startsAt", "status" ON "training_session"
      FOR EACH ROW WHEN (OLD."courseId" IS DISTINCT FROM NEW."courseId" OR OLD."startsAt" IS DISTINCT FROM NEW."startsAt" OR OLD."status" IS DISTINCT FROM NEW."status")
      EXECUTE FUNCTION "attendance_fact_from_session"()`);

    await queryRunner.query(`CREATE FUNCTION "attendance_fact_from_person"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE "attendance_fact" SET "organisationId" = NEW."organisationId", "team" = NEW."team",
          "inCohort" = (NEW."active" AND NEW."roles" LIKE '%learner%')
        WHERE "personId" = NEW."id";
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "attendance_fact_person_update" AFTER UPDATE OF "organisationId", "team", "active", "roles" ON "person"
      FOR EACH ROW WHEN (OLD."organisationId" IS DISTINCT FROM NEW."organisationId" OR OLD."team" IS DISTINCT FROM NEW."team" OR OLD."active" IS DISTINCT FROM NEW."active" OR OLD."roles" IS DISTINCT FROM NEW."roles")
      EXECUTE FUNCTION "attendance_fact_from_person"()`);

    await queryRunner.query(`INSERT INTO "attendance_fact" (${FACT_COLUMNS}) ${factsOf('ar', '"attendance_record" ar, "person" p, "training_session" s')}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "attendance_fact_person_update" ON "person"`);
    await queryRunner.query(`DROP FUNCTION "attendance_fact_from_person"()`);
    await queryRunner.query(`DROP TRIGGER "attendance_fact_session_update" ON "training_session"`);
    await queryRunner.query(`DROP FUNCTION "attendance_fact_from_session"()`);
    await queryRunner.query(`DROP TRIGGER "attendance_fact_record_update" ON "attendance_record"`);
    await queryRunner.query(`DROP TRIGGER "attendance_fact_record_insert" ON "attendance_record"`);
    await queryRunner.query(`DROP FUNCTION "attendance_fact_from_record"()`);
    await queryRunner.query(`ALTER TABLE "attendance_fact" DROP CONSTRAINT "FK_bf22519d78366e3bab3b57bdd1b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_person_cohort"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_attendance_fact_by_team"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_attendance_fact_by_course"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_attendance_fact_by_month"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_attendance_fact_person"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_attendance_fact_session"`);
    await queryRunner.query(`DROP TABLE "attendance_fact"`);
  }
}
