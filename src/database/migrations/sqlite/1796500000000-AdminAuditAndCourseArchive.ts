import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log of admins' changes (audit_event), and archived courses (course.archivedAt): a
 * course that sessions refer to is archived instead of deleted.
 */
export class AdminAuditAndCourseArchive1796500000000 implements MigrationInterface {
  name = 'AdminAuditAndCourseArchive1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_event" ("id" varchar PRIMARY KEY NOT NULL, "occurredAt" datetime NOT NULL, "actorId" varchar, "action" varchar(40) NOT NULL, "subjectType" varchar(16) NOT NULL, "subjectId" varchar, "details" text NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_b8552e2c0c9e8a1af058ab5231" ON "audit_event" ("subjectType", "subjectId") `);
    await queryRunner.query(`CREATE INDEX "IDX_91da812e5f5db1e8f56cd5b174" ON "audit_event" ("occurredAt", "id") `);
    await queryRunner.query(`ALTER TABLE "course" ADD COLUMN "archivedAt" datetime`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "course" DROP COLUMN "archivedAt"`);
    await queryRunner.query(`DROP INDEX "IDX_91da812e5f5db1e8f56cd5b174"`);
    await queryRunner.query(`DROP INDEX "IDX_b8552e2c0c9e8a1af058ab5231"`);
    await queryRunner.query(`DROP TABLE "audit_event"`);
  }
}
