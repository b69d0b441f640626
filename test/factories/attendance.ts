import { DataSource } from 'typeorm';
import { AttendanceRecord, AttendanceStatus } from '../../src/attendance/attendance-record.entity';
import { Booking } from '../../src/bookings/booking.entity';
import { TrainingSession } from '../../src/sessions/training-session.entity';

/**
 * A confirmed booking written straight to the database (and the session's seat counter moved
 * with it), for attendance and report tests that must not depend on the booking routes.
 */
export async function makeConfirmedBooking(db: DataSource, sessionId: string, personId: string): Promise<Booking> {
  const booking = await db.getRepository(Booking).save({
    sessionId,
    personId,
    status: 'confirmed' as const,
    waitlistRank: null,
    bookedById: personId,
    invitationSequence: 0,
    createdAt: new Date(),
    confirmedAt: new Date(),
    cancelledAt: null,
  });
  await db.getRepository(TrainingSession).increment({ id: sessionId }, 'confirmedCount', 1);
  return booking;
}

/** An attendance record as the register would have left it. */
export async function makeAttendance(
  db: DataSource,
  fields: { sessionId: string; personId: string; status: AttendanceStatus; bookingId?: string | null },
): Promise<AttendanceRecord> {
  return db.getRepository(AttendanceRecord).save({
    sessionId: fields.sessionId,
    personId: fields.personId,
    status: fields.status,
    bookingId: fields.bookingId ?? null,
    walkIn: !fields.bookingId,
    recordedById: null,
    recordedAt: new Date(),
  });
}
