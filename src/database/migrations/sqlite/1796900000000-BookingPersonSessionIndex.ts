import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An index for a person's bookings of one session (the booking path's duplicate check and its
 * invitation SEQUENCE). Without it SQLite read them through the (sessionId, status, waitlistRank)
 * index, every booking of the session, so bookings slowed as sessions filled.
 */
export class BookingPersonSessionIndex1796900000000 implements MigrationInterface {
  name = 'BookingPersonSessionIndex1796900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_booking_person_session" ON "booking" ("personId", "sessionId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_booking_person_session"`);
  }
}
