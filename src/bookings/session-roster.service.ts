import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { ForbiddenError, NotFoundError } from '../common/domain-error';
import { Transactions } from '../database/transactions';
import { mayManageSession } from '../sessions/session-rules';
import { TrainingSession } from '../sessions/training-session.entity';
import { ACTIVE_BOOKING_STATUSES, Booking } from './booking.entity';
import type { RosterEntryDto, SessionRosterDto } from './dto/session-roster.dto';

/** Who holds a place on a session and who is waiting, for the people who run it. */
@Injectable()
export class SessionRosterService {
  constructor(private readonly transactions: Transactions) {}

  /**
   * The session's active bookings with each person's team and organisation, for its trainers and
   * admins; anyone else gets 403 (every signed-in person can see the session itself); an unknown
   * session is 404. Places in the order they were taken, then the waiting list in order.
   */
  roster(actor: Actor, sessionId: string): Promise<SessionRosterDto> {
    return this.transactions.read(async (manager) => {
      const session = await manager.findOne(TrainingSession, { where: { id: sessionId }, relations: { trainers: true } });
      if (!session) throw new NotFoundError('Session');
      if (!mayManageSession(actor, (session.trainers ?? []).map((trainer) => trainer.id))) {
        throw new ForbiddenError("Only the session's trainers and admins may see who is booked onto it.");
      }
      const bookings = await manager
        .createQueryBuilder(Booking, 'b')
        .innerJoinAndSelect('b.person', 'person')
        .innerJoinAndSelect('person.organisation', 'organisation')
        .where('b.sessionId = :sessionId AND b.status IN (:...active)', { sessionId, active: ACTIVE_BOOKING_STATUSES })
        .getMany();
      const heldSince = (booking: Booking) => booking.confirmedAt ?? booking.createdAt;
      const confirmed = bookings
        .filter((booking) => booking.status === 'confirmed')
        .sort((a, b) => heldSince(a).getTime() - heldSince(b).getTime() || a.id.localeCompare(b.id));
      const waitlisted = bookings.filter((booking) => booking.status === 'waitlisted').sort((a, b) => a.waitlistRank! - b.waitlistRank!);
      return {
        sessionId: session.id,
        confirmed: confirmed.map((booking) => rosterEntry(booking, null)),
        waitlisted: waitlisted.map((booking, index) => rosterEntry(booking, index + 1)),
      };
    });
  }
}

/** A booking loaded with its person and their organisation. */
function rosterEntry(booking: Booking, waitlistPosition: number | null): RosterEntryDto {
  return {
    bookingId: booking.id,
    personId: booking.personId,
    name: booking.person!.name,
    team: booking.person!.team,
    organisation: booking.person!.organisation!.name,
    status: booking.status as RosterEntryDto['status'],
    waitlistPosition,
    since: (booking.confirmedAt ?? booking.createdAt).toISOString(),
  };
}
