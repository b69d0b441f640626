import { DataSource } from 'typeorm';
import { Booking } from '../../src/bookings/booking.entity';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { Role } from '../../src/people/person.entity';
import { TrainingSession } from '../../src/sessions/training-session.entity';
import { makeSignedIn, SignedInPerson } from '../factories';

/** What the database holds for one session: its row and its bookings, waitlist in rank order. */
export interface SeatLedger {
  session: TrainingSession;
  confirmed: Booking[];
  waitlisted: Booking[];
  cancelled: Booking[];
}

export async function seatLedger(db: DataSource, sessionId: string): Promise<SeatLedger> {
  const session = await db.getRepository(TrainingSession).findOneByOrFail({ id: sessionId });
  const bookings = await db.getRepository(Booking).find({ where: { sessionId }, order: { waitlistRank: 'ASC' } });
  return {
    session,
    confirmed: bookings.filter((b) => b.status === 'confirmed'),
    waitlisted: bookings.filter((b) => b.status === 'waitlisted').sort((a, b) => a.waitlistRank! - b.waitlistRank!),
    cancelled: bookings.filter((b) => b.status === 'cancelled'),
  };
}

/**
 * The seat rules, read from the rows: the counter equals the confirmed rows and never exceeds the
 * capacity, and no seat stays free while someone waits. Returns the broken rules (none: []).
 */
export function brokenSeatRules(ledger: SeatLedger): string[] {
  const { session, confirmed, waitlisted } = ledger;
  const broken: string[] = [];
  if (session.confirmedCount !== confirmed.length) broken.push(`counter ${session.confirmedCount} but ${confirmed.length} confirmed rows`);
  if (confirmed.length > session.capacity) broken.push(`${confirmed.length} confirmed for ${session.capacity} seats`);
  if (waitlisted.length > 0 && confirmed.length < session.capacity) broken.push(`${session.capacity - confirmed.length} seats free while ${waitlisted.length} wait`);
  if (new Set(waitlisted.map((b) => b.waitlistRank)).size !== waitlisted.length) broken.push('two waitlisted bookings share a rank');
  return broken;
}

/** Outbox rows of a session as (kind, personId) pairs, sorted: what tests compare. */
export async function outboxOf(db: DataSource, sessionId: string): Promise<Array<{ kind: string; personId: string | null; recipient: string }>> {
  const rows = await db.getRepository(OutboxMessage).find({ where: { sessionId } });
  return rows
    .map((row) => ({ kind: row.kind, personId: row.personId, recipient: row.recipient }))
    .sort((a, b) => `${a.kind}${a.personId}`.localeCompare(`${b.kind}${b.personId}`));
}

/** `count` signed-in people of one organisation, made one after another. */
export async function makeSignedInMany(db: DataSource, organisationId: string, count: number, roles: Role[] = ['learner']): Promise<SignedInPerson[]> {
  const people: SignedInPerson[] = [];
  for (let i = 0; i < count; i++) people.push(await makeSignedIn(db, organisationId, roles));
  return people;
}
