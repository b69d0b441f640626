import { MigrationInterface, QueryRunner } from 'typeorm';

/** When booking for a session opens (training-session.entity.ts); null: open from creation. */
export class SessionBookingOpens1796700000000 implements MigrationInterface {
  name = 'SessionBookingOpens1796700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "training_session" ADD "bookingOpensAt" datetime`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "training_session" DROP COLUMN "bookingOpensAt"`);
  }
}
