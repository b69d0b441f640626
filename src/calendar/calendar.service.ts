import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull, MoreThan } from 'typeorm';
import type { Actor } from '../auth/actor';
import { newSecret } from '../auth/secrets';
import { Booking } from '../bookings/booking.entity';
import { BookingsService } from '../bookings/bookings.service';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/domain-error';
import { Environment } from '../config/environment';
import { Transactions } from '../database/transactions';
import { buildInvitation, buildPublishedCalendar, calendarIdentity, CalendarEventInput } from '../notifications/invitation-builder';
import { Person } from '../people/person.entity';
import { TrainingSession } from '../sessions/training-session.entity';
import { calendarFilename } from './calendar-filename';
import { NoCalendarEventError } from './calendar.errors';
import { CalendarDownload } from './dto/calendar-download.dto';
import { CalendarFeedDto } from './dto/calendar-feed.dto';

/** newSecret(): 32 random bytes in base64url. Anything else cannot be a feed address. */
const FEED_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** A feed lists sessions from this far back, so a subscribed calendar keeps recent history. */
const FEED_HISTORY_MS = 365 * 24 * 3600_000;

/**
 * Calendar files for people's own calendars: a one-session download and a personal feed at a
 * secret address. Events carry the same UID as the person's invitations (person + session),
 * so importing a download updates the invited event instead of adding a copy.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly transactions: Transactions,
    private readonly environment: Environment,
    private readonly clock: Clock,
    private readonly bookings: BookingsService,
  ) {}

  /** METHOD:PUBLISH with one VEVENT for the session, as seen by the signed-in person. */
  async sessionCalendar(actor: Actor, sessionId: string): Promise<string> {
    return this.transactions.read(async (manager) => {
      const session = await manager.findOne(TrainingSession, { where: { id: sessionId }, relations: { course: true, trainers: true } });
      if (!session) throw new NotFoundError('Session');
      const person = await manager.findOneByOrFail(Person, { id: actor.personId });
      const sequences = await this.invitationSequences(manager, person.id, [session.id]);
      const event = toEvent(session, person, sequences.get(session.id) ?? 0);
      return buildPublishedCalendar(session.course!.title, [event], this.identity());
    });
  }

  /**
   * The booking's event as the person's calendar should hold it now, with the UID and SEQUENCE of
   * the booking's last invitation, so opening it updates the event the e-mails put there rather
   * than adding a copy. Confirmed: the event, published like the session download. Cancelled after
   * an invitation: the cancellation the e-mail carried (METHOD:CANCEL), which a calendar program
   * acts on by taking the event out (Outlook offers "Remove from calendar"). Visible to whoever
   * may see the booking (else 404).
   */
  async bookingCalendar(actor: Actor, bookingId: string): Promise<CalendarDownload> {
    await this.bookings.get(actor, bookingId);
    return this.transactions.read(async (manager) => {
      const booking = await manager.findOne(Booking, {
        where: { id: bookingId },
        relations: { person: true, session: { course: true, trainers: true } },
      });
      if (!booking) throw new NotFoundError('Booking');
      const session = booking.session!;
      const event = toEvent(session, booking.person!, booking.invitationSequence);
      const filename = calendarFilename(session.course!.title, session.startsAt, session.timezone);
      if (booking.status === 'confirmed') {
        return { filename, content: buildPublishedCalendar(session.course!.title, [event], this.identity()) };
      }
      if (booking.status === 'cancelled' && booking.invitationSequence > 0) {
        return { filename: filename.replace(/\.ics$/, '-cancelled.ics'), content: buildInvitation({ method: 'CANCEL', ...event, ...this.identity() }) };
      }
      throw new NoCalendarEventError(booking.status === 'waitlisted');
    });
  }

  /** The same address every time; the secret is made on first use. */
  async feedAddress(actor: Actor): Promise<CalendarFeedDto> {
    const existing = await this.transactions.read((manager) => manager.findOneByOrFail(Person, { id: actor.personId }));
    if (existing.calendarFeedToken) return this.feedUrl(existing.calendarFeedToken);
    return this.transactions.run(async (manager) => {
      // Only where still empty: two first requests at once end with one secret, shown to both.
      await manager.update(Person, { id: actor.personId, calendarFeedToken: IsNull() }, { calendarFeedToken: newSecret(), updatedAt: this.clock.now() });
      const person = await manager.findOneByOrFail(Person, { id: actor.personId });
      return this.feedUrl(person.calendarFeedToken!);
    });
  }

  /** A new secret: the old address stops working at once. */
  async rotateFeed(actor: Actor): Promise<CalendarFeedDto> {
    const token = newSecret();
    await this.transactions.run((manager) => manager.update(Person, { id: actor.personId }, { calendarFeedToken: token, updatedAt: this.clock.now() }));
    return this.feedUrl(token);
  }

  /** The feed behind a secret address: the person's confirmed bookings of scheduled sessions. */
  async feed(token: string): Promise<string> {
    if (!FEED_TOKEN_PATTERN.test(token)) throw new NotFoundError('Calendar feed');
    return this.transactions.read(async (manager) => {
      const person = await manager.findOneBy(Person, { calendarFeedToken: token, erasedAt: IsNull(), active: true });
      if (!person) throw new NotFoundError('Calendar feed');
      const bookings = await manager.find(Booking, {
        where: {
          personId: person.id,
          status: 'confirmed',
          session: { status: 'scheduled', endsAt: MoreThan(new Date(this.clock.now().getTime() - FEED_HISTORY_MS)) },
        },
        relations: { session: { course: true, trainers: true } },
        order: { session: { startsAt: 'ASC' } },
      });
      const sessionIds = bookings.map((booking) => booking.sessionId);
      const sequences = await this.invitationSequences(manager, person.id, sessionIds);
      const events = bookings.map((booking) => toEvent(booking.session!, person, sequences.get(booking.sessionId) ?? 0));
      return buildPublishedCalendar('Library training', events, this.identity());
    });
  }

  /** The SEQUENCE each event has reached in the person's invitations, so a published copy is never older. */
  private async invitationSequences(manager: EntityManager, personId: string, sessionIds: string[]): Promise<Map<string, number>> {
    if (sessionIds.length === 0) return new Map();
    const rows = await manager
      .createQueryBuilder(Booking, 'booking')
      .select('booking.sessionId', 'sessionId')
      .addSelect('MAX(booking.invitationSequence)', 'sequence')
      .where({ personId, sessionId: In(sessionIds) })
      .groupBy('booking.sessionId')
      .getRawMany<{ sessionId: string; sequence: number | string }>();
    return new Map(rows.map((row) => [row.sessionId, Number(row.sequence)]));
  }

  private feedUrl(token: string): CalendarFeedDto {
    return { url: `${this.environment.publicUrl}/api/calendar-feeds/${token}.ics` };
  }

  private identity() {
    return calendarIdentity(this.environment.publicUrl, this.environment.MAIL_FROM, this.clock.now());
  }
}

function toEvent(session: TrainingSession, person: Person, sequence: number): CalendarEventInput {
  return { session, course: session.course!, trainers: session.trainers ?? [], person, sequence };
}
