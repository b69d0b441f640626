import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `attendance_change.walkIn`: marks the history entry that added a walk-in. For the history
 * already there, that is the first entry (no old status) of each walk-in's record.
 */
export class WalkInChanges1796400100000 implements MigrationInterface {
  name = 'WalkInChanges1796400100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "attendance_change" ADD COLUMN "walkIn" boolean NOT NULL DEFAULT (0)`);
    await queryRunner.query(
      `UPDATE "attendance_change" SET "walkIn" = 1 WHERE "oldStatus" IS NULL AND EXISTS (
         SELECT 1 FROM "attendance_record" r
         WHERE r."sessionId" = "attendance_change"."sessionId" AND r."personId" = "attendance_change"."personId" AND r."walkIn" = 1)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "attendance_change" DROP COLUMN "walkIn"`);
  }
}
