import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log of admins' changes (audit_event), and archived courses (course.archivedAt): a
 * course that sessions refer to is archived instead of deleted.
 */
export class AdminAuditAndCourseArchive1796500000000 implements MigrationInterface {
  name = 'AdminAuditAndCourseArchive1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "occurredAt" TIMESTAMP WITH TIME ZONE NOT NULL, "actorId" uuid, "action" character varying(40) NOT NULL, "subjectType" character varying(16) NOT NULL, "subjectId" uuid, "details" text NOT NULL, CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_b8552e2c0c9e8a1af058ab5231" ON "audit_event" ("subjectType", "subjectId") `);
    await queryRunner.query(`CREATE INDEX "IDX_91da812e5f5db1e8f56cd5b174" ON "audit_event" ("occurredAt", "id") `);
    await queryRunner.query(`ALTER TABLE "course" ADD "archivedAt" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "course" DROP COLUMN "archivedAt"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_91da812e5f5db1e8f56cd5b174"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b8552e2c0c9e8a1af058ab5231"`);
    await queryRunner.query(`DROP TABLE "audit_event"`);
  }
}
