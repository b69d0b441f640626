import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `attendance_change.walkIn`: marks the history entry that added a walk-in. For the history
 * already there, that is the first entry (no old status) of each walk-in's record.
 */
export class WalkInChanges1796400100000 implements MigrationInterface {
  name = 'WalkInChanges1796400100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "attendance_change" ADD "walkIn" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `UPDATE "attendance_change" c SET "walkIn" = TRUE WHERE c."oldStatus" IS NULL AND EXISTS (
         SELECT 1 FROM "attendance_record" r WHERE r."sessionId" = c."sessionId" AND r."personId" = c."personId" AND r."walkIn" = TRUE)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "attendance_change" DROP COLUMN "walkIn"`);
  }
}
