import { Booking } from '../../src/bookings/booking.entity';
import { Person } from '../../src/people/person.entity';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { makeConfirmedBooking } from '../factories/attendance';
import { makeCourse, makeOrganisation, makePerson, makeSession, makeSignedIn, SignedInPerson } from '../factories';
import { eventually } from '../support/eventually';
import { parseCalendar } from '../support/icalendar';
import { calendarParts, SmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const NOW = '2026-03-02T09:00:00.000Z';
const ORGANIZER = 'training@library.test';

/**
 * Booking events written as facts (bookingId, causedById, invitationSequence, facts; no text)
 * are rendered by the dispatcher when it sends them, from the rows as they stand then.
 */
describe(`booking mail rendered at send (${testDialect()})`, () => {
  let sink: SmtpSink;
  let t: TestApp;
  let trainer: Person;
  let admin: SignedInPerson;
  let organisationId: string;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ now: NOW, env: { SMTP_URL: sink.url, MAIL_FROM: ORGANIZER } });
    organisationId = (await makeOrganisation(t.dataSource)).id;
    trainer = await makePerson(t.dataSource, { organisationId, roles: ['trainer'], name: 'Morag Trainer' });
    admin = await makeSignedIn(t.dataSource, organisationId, ['admin']);
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  async function bookedLearner(): Promise<{ person: Person; booking: Booking; sessionId: string }> {
    const course = await makeCourse(t.dataSource, { title: 'Literature searching for social work practice' });
    const session = await makeSession(t.dataSource, {
      courseId: course.id,
      trainerIds: [trainer.id],
      startsAt: new Date('2026-03-27T09:00:00Z'),
      endsAt: new Date('2026-03-27T11:00:00Z'),
      now: new Date(NOW),
    });
    const person = await makePerson(t.dataSource, { organisationId, name: 'Ailsa Worker' });
    const booking = await makeConfirmedBooking(t.dataSource, session.id, person.id);
    return { person, booking, sessionId: session.id };
  }

  function insertFacts(kind: string, target: { person: Person; booking: Booking; sessionId: string }, fields: Partial<OutboxMessage> = {}): Promise<OutboxMessage> {
    return t.dataSource.getRepository(OutboxMessage).save({
      kind,
      recipient: target.person.email!,
      subject: null,
      textBody: null,
      htmlBody: null,
      calendarMethod: null,
      calendarContent: null,
      bookingId: target.booking.id,
      sessionId: target.sessionId,
      personId: target.person.id,
      causedById: null,
      invitationSequence: null,
      facts: null,
      status: 'pending' as const,
      attempts: 0,
      priority: 0,
      nextAttemptAt: new Date(NOW),
      createdAt: new Date(NOW),
      ...fields,
    });
  }

  it('delivers a confirmation and a cancellation over SMTP, rendered, with their invitations', async () => {
    const target = await bookedLearner();
    await insertFacts('booking-confirmed', target, { calendarMethod: 'REQUEST', invitationSequence: 1 });
    const [confirmation] = await eventually(() => {
      const mails = sink.to(target.person.email!);
      expect(mails).toHaveLength(1);
      return mails;
    });
    expect(confirmation.parsed.subject).toBe('Booking confirmed: Literature searching for social work practice, Fri 27 Mar 2026, 09:00');
    expect(confirmation.parsed.text).toContain('Dear Ailsa Worker,');
    expect(confirmation.parsed.text).toContain('When: Friday 27 March 2026, 09:00 to 11:00 (GMT)');
    expect(confirmation.parsed.text).toContain(`View your booking:\nhttp://localhost:3999/bookings/${target.booking.id}`);
    expect(confirmation.parsed.html).toContain(`<a href="http://localhost:3999/bookings/${target.booking.id}"`);
    const parts = calendarParts(confirmation);
    expect(parts.alternative?.method).toBe('REQUEST');
    expect(parts.attachment).toBe(parts.alternative!.content);
    const request = parseCalendar(parts.alternative!.content);
    expect(request.prodId).toBe('-//NHS Ayrshire & Arran//Training tracker//EN');
    expect(request.timezones).toEqual(['Europe/London']);
    expect(request.events[0]).toMatchObject({
      uid: `${target.sessionId}.${target.person.id}@localhost`,
      sequence: 1,
      status: 'CONFIRMED',
      organizer: { address: ORGANIZER, cn: 'Morag Trainer' },
      attendees: [{ address: target.person.email, cn: 'Ailsa Worker', rsvp: 'FALSE', partstat: 'ACCEPTED' }],
    });
    expect(request.events[0].stamp).toBe('20260302T090000Z');

    t.clock.advance(60_000);
    await insertFacts('booking-cancelled', target, {
      calendarMethod: 'CANCEL',
      invitationSequence: 2,
      causedById: trainer.id,
      facts: JSON.stringify({ cancelledBy: { role: 'trainer' }, wasWaitlisted: false, invited: true }),
    });
    const [, cancelled] = await eventually(() => {
      const mails = sink.to(target.person.email!);
      expect(mails).toHaveLength(2);
      return mails;
    });
    expect(cancelled.parsed.text).toContain('Your booking for Literature searching for social work practice was cancelled by the trainer Morag Trainer.');
    const cancel = parseCalendar(calendarParts(cancelled).alternative!.content);
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.events[0]).toMatchObject({ uid: `${target.sessionId}.${target.person.id}@localhost`, sequence: 2, status: 'CANCELLED' });
    expect(cancel.events[0].stamp).toBe('20260302T090100Z');
    t.clock.set(NOW);

    const sent = await eventually(async () => {
      const rows = await t.dataSource.getRepository(OutboxMessage).findBy({ bookingId: target.booking.id });
      expect(rows.map((row) => row.status)).toEqual(['sent', 'sent']);
      return rows;
    });
    expect(sent.map((row) => row.attempts)).toEqual([1, 1]);
  });

  it('sends nothing to a person erased since, nor about a booking that is gone, and says why', async () => {
    const erased = await bookedLearner();
    await t.dataSource.getRepository(Person).update(erased.person.id, { name: null, email: null, erasedAt: new Date(NOW) });
    const gone = await bookedLearner();
    const goneMessage = await insertFacts('booking-confirmed', gone, { calendarMethod: 'REQUEST', invitationSequence: 1 });
    await t.dataSource.getRepository(Booking).delete(gone.booking.id);
    const erasedMessage = await insertFacts('booking-waitlisted', erased, { facts: JSON.stringify({ waitlistPosition: 1 }) });

    const failed = await eventually(async () => {
      const rows = await t.dataSource.getRepository(OutboxMessage).findBy([{ id: erasedMessage.id }, { id: goneMessage.id }]);
      expect(rows.map((row) => row.status)).toEqual(['failed', 'failed']);
      return new Map(rows.map((row) => [row.id, row]));
    });
    expect(failed.get(erasedMessage.id)!.lastError).toBe(`not sent: the person of booking ${erased.booking.id} was erased`);
    expect(failed.get(goneMessage.id)!.lastError).toBe(`not sent: booking ${gone.booking.id} no longer exists`);
    expect(sink.to(erased.person.email!)).toEqual([]);
    expect(sink.to(gone.person.email!)).toEqual([]);
  });

  it('shows admins the subject of a booking event before it is rendered for sending', async () => {
    await sink.stop();
    try {
      const target = await bookedLearner();
      const message = await insertFacts('booking-waitlisted', target, { facts: JSON.stringify({ waitlistPosition: 2 }) });
      const res = await t.http.get('/api/admin/outbox?status=pending').set(admin.auth).expect(200);
      const shown = (res.body.items as Array<{ id: string; subject: string }>).find((item) => item.id === message.id);
      expect(shown?.subject).toBe('On the waiting list (number 2): Literature searching for social work practice, Fri 27 Mar 2026, 09:00');
      await t.dataSource.getRepository(OutboxMessage).delete(message.id);
    } finally {
      await sink.restart();
    }
  });
});
