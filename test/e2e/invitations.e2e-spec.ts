import { Booking } from '../../src/bookings/booking.entity';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { makeCourse, makeOrganisation, makeSignedIn, SignedInPerson } from '../factories';
import { eventually } from '../support/eventually';
import { parseCalendar, ParsedCalendar } from '../support/icalendar';
import { calendarParts, ReceivedMail, SmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const NOW = '2026-03-02T09:00:00.000Z';
const ORGANIZER = 'training@library.test';
const bookingPage = (bookingId: string) => `http://localhost:3999/bookings/${bookingId}`;

/**
 * What a calendar program receives: the invitation in the text/calendar part and in invite.ics,
 * read with ical.js. Fails unless both copies are identical and the MIME method matches METHOD.
 */
function invitationIn(mail: ReceivedMail): ParsedCalendar {
  const parts = calendarParts(mail);
  expect(parts.alternative).not.toBeNull();
  expect(parts.attachment).toBe(parts.alternative!.content);
  const calendar = parseCalendar(parts.alternative!.content);
  expect(calendar.prodId).toBe('-//NHS Ayrshire & Arran//Training tracker//EN');
  expect(parts.alternative!.method).toBe(calendar.method);
  expect(parts.alternative!.charset?.toLowerCase()).toBe('utf-8');
  expect(calendar.events).toHaveLength(1);
  return calendar;
}

describe(`calendar invitations by e-mail (${testDialect()})`, () => {
  let sink: SmtpSink;
  let t: TestApp;
  let organisationId: string;
  let trainer: SignedInPerson;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ now: NOW, env: { SMTP_URL: sink.url, MAIL_FROM: ORGANIZER } });
    organisationId = (await makeOrganisation(t.dataSource)).id;
    trainer = await makeSignedIn(t.dataSource, organisationId, ['trainer'], { name: 'Morag Trainer' });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const learner = () => makeSignedIn(t.dataSource, organisationId, ['learner']);
  const mailsTo = (who: SignedInPerson, count: number) =>
    eventually(() => {
      const mails = sink.to(who.person.email!);
      expect(mails).toHaveLength(count);
      return mails;
    });

  async function createSession(overrides: Record<string, unknown> = {}): Promise<string> {
    const course = await makeCourse(t.dataSource, { title: 'Literature searching for social work practice' });
    const res = await t.http
      .post('/api/sessions')
      .set(trainer.auth)
      .send({
        courseId: course.id,
        startsAt: '2026-03-27T09:00:00Z',
        endsAt: '2026-03-27T11:00:00Z',
        timezone: 'Europe/London',
        location: 'Crosshouse Hospital library',
        onlineUrl: 'https://meet.example.test/lit-search',
        capacity: 5,
        ...overrides,
      })
      .expect(201);
    return res.body.id as string;
  }

  const book = (who: SignedInPerson, sessionId: string) => t.http.post('/api/bookings').set(who.auth).send({ sessionId }).expect(201);

  it('keeps one UID through book → reschedule across the clock change → cancel → book again, with SEQUENCE growing', async () => {
    const sessionId = await createSession();
    const ailsa = await learner();
    const uid = `${sessionId}.${ailsa.person.id}@localhost`;

    const first = await book(ailsa, sessionId);
    expect(first.body.status).toBe('confirmed');
    const [confirmation] = await mailsTo(ailsa, 1);
    expect(confirmation.parsed.subject).toBe('Booking confirmed: Literature searching for social work practice, Fri 27 Mar 2026, 09:00');
    expect(confirmation.parsed.text).toContain('When: Friday 27 March 2026, 09:00 to 11:00 (GMT)');
    expect(confirmation.parsed.text).toContain(`View your booking:\n${bookingPage(first.body.id)}`);
    expect(confirmation.parsed.text).toContain(`please cancel so that someone on the waiting list can have your place: open ${bookingPage(first.body.id)} and choose Cancel your place.`);
    expect(confirmation.parsed.html).toContain(`<a href="${bookingPage(first.body.id)}"`);
    const request = invitationIn(confirmation);
    expect(request.method).toBe('REQUEST');
    expect(request.timezones).toEqual(['Europe/London']);
    expect(request.events[0]).toMatchObject({
      uid,
      sequence: 1,
      status: 'CONFIRMED',
      summary: 'Literature searching for social work practice',
      startTzid: 'Europe/London',
      location: 'Crosshouse Hospital library',
      url: 'https://meet.example.test/lit-search',
      organizer: { address: ORGANIZER, cn: 'Morag Trainer' },
      attendees: [{ address: ailsa.person.email, cn: ailsa.person.name, rsvp: 'FALSE', partstat: 'ACCEPTED' }],
    });
    // Friday 27 March 2026 is still GMT: 09:00 local is 09:00 UTC.
    expect(request.events[0].start.toISOString()).toBe('2026-03-27T09:00:00.000Z');
    expect(request.events[0].end.toISOString()).toBe('2026-03-27T11:00:00.000Z');

    // Moved to Tuesday 31 March, after the clocks went forward: 09:00 BST is 08:00 UTC.
    t.clock.advance(60_000);
    await t.http.patch(`/api/sessions/${sessionId}`).set(trainer.auth).send({ startsAt: '2026-03-31T09:00:00+01:00', endsAt: '2026-03-31T11:00:00+01:00' }).expect(200);
    const [, changed] = await mailsTo(ailsa, 2);
    expect(changed.parsed.subject).toBe('Session changed: Literature searching for social work practice, Tue 31 Mar 2026, 09:00');
    expect(changed.parsed.text).toContain('When: Tuesday 31 March 2026, 09:00 to 11:00 (BST)');
    expect(changed.parsed.text).toContain(`If the new time or place does not suit you, please cancel so that someone on the waiting list can have your place: open ${bookingPage(first.body.id)} and choose Cancel your place.`);
    const update = invitationIn(changed);
    expect(update.method).toBe('REQUEST');
    expect(update.events[0]).toMatchObject({ uid, sequence: 2, startTzid: 'Europe/London' });
    expect(update.events[0].start.toISOString()).toBe('2026-03-31T08:00:00.000Z');
    expect(update.events[0].end.toISOString()).toBe('2026-03-31T10:00:00.000Z');

    t.clock.advance(60_000);
    await t.http.post(`/api/bookings/${first.body.id}/cancel`).set(ailsa.auth).expect(200);
    const [, , cancelled] = await mailsTo(ailsa, 3);
    expect(cancelled.parsed.subject).toMatch(/^Booking cancelled: /);
    expect(cancelled.parsed.text).toContain('Your booking for Literature searching for social work practice was cancelled by you. The session itself goes ahead.');
    expect(cancelled.parsed.text).not.toMatch(/session (is|was) cancelled/i);
    const cancel = invitationIn(cancelled);
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.events[0]).toMatchObject({ uid, sequence: 3, status: 'CANCELLED' });
    expect(cancel.events[0].description).toMatch(/^Your booking for this session is cancelled\./);

    t.clock.advance(60_000);
    const again = await book(ailsa, sessionId);
    const [, , , rebooked] = await mailsTo(ailsa, 4);
    const renewed = invitationIn(rebooked);
    expect(renewed.method).toBe('REQUEST');
    expect(renewed.events[0]).toMatchObject({ uid, sequence: 4, status: 'CONFIRMED' });

    const bookings = await t.dataSource.getRepository(Booking).find({ where: { sessionId }, order: { createdAt: 'ASC' } });
    expect(bookings.map((booking) => [booking.id, booking.status, booking.invitationSequence])).toEqual([
      [first.body.id, 'cancelled', 3],
      [again.body.id, 'confirmed', 4],
    ]);
    const stored = await t.dataSource.getRepository(OutboxMessage).find({ where: { sessionId, personId: ailsa.person.id }, order: { createdAt: 'ASC' } });
    expect(stored.map((row) => [row.kind, row.calendarMethod])).toEqual([
      ['booking-confirmed', 'REQUEST'],
      ['session-changed', 'REQUEST'],
      ['booking-cancelled', 'CANCEL'],
      ['booking-confirmed', 'REQUEST'],
    ]);
  });

  it('sends waitlisted people no invitation until they are promoted', async () => {
    const sessionId = await createSession({ capacity: 1 });
    const [seated, waiting] = [await learner(), await learner()];
    const seatedBooking = await book(seated, sessionId);
    const waitingBooking = await book(waiting, sessionId);
    expect(waitingBooking.body.status).toBe('waitlisted');

    const [waitlisted] = await mailsTo(waiting, 1);
    expect(waitlisted.parsed.subject).toMatch(/^On the waiting list \(number 1\): /);
    expect(waitlisted.parsed.text).toContain('You are number 1 on the waiting list.');
    expect(waitlisted.parsed.text).toContain(`View your booking:\n${bookingPage(waitingBooking.body.id)}`);
    expect(waitlisted.parsed.text).toContain(`If you no longer need a place, open ${bookingPage(waitingBooking.body.id)} and choose Leave the waiting list`);
    expect(calendarParts(waitlisted)).toEqual({ alternative: null, attachment: null });
    expect(waitlisted.raw).not.toContain('BEGIN:VCALENDAR');

    await t.http.post(`/api/bookings/${seatedBooking.body.id}/cancel`).set(seated.auth).expect(200);
    const [, promoted] = await mailsTo(waiting, 2);
    expect(promoted.parsed.subject).toMatch(/^A place is now yours: /);
    expect(promoted.parsed.text).toContain(`open ${bookingPage(waitingBooking.body.id)} and choose Cancel your place.`);
    const invitation = invitationIn(promoted);
    expect(invitation.method).toBe('REQUEST');
    expect(invitation.events[0]).toMatchObject({ uid: `${sessionId}.${waiting.person.id}@localhost`, sequence: 1 });
  });

  it('cancelling a session sends CANCEL to confirmed people and a plain notice to the waitlisted', async () => {
    const sessionId = await createSession({ capacity: 1 });
    const [seated, waiting] = [await learner(), await learner()];
    await book(seated, sessionId);
    await book(waiting, sessionId);
    await mailsTo(seated, 1);
    await mailsTo(waiting, 1);

    await t.http.post(`/api/sessions/${sessionId}/cancel`).set(trainer.auth).send({ reason: 'Trainer unwell' }).expect(200);
    const [, toSeated] = await mailsTo(seated, 2);
    expect(toSeated.parsed.subject).toMatch(/^Session cancelled: /);
    expect(toSeated.parsed.text).toContain(
      'this session of Literature searching for social work practice is cancelled and will not take place. ' +
        'It was cancelled by the trainer Morag Trainer, and your booking is cancelled with it.',
    );
    expect(toSeated.parsed.text).toContain('Reason: Trainer unwell');
    const cancel = invitationIn(toSeated);
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.events[0]).toMatchObject({ uid: `${sessionId}.${seated.person.id}@localhost`, sequence: 2, status: 'CANCELLED' });
    expect(cancel.events[0].description).toMatch(/^This session is cancelled\./);

    const [, toWaiting] = await mailsTo(waiting, 2);
    expect(toWaiting.parsed.subject).toMatch(/^Session cancelled: /);
    expect(toWaiting.parsed.text).toContain('It was cancelled by the trainer Morag Trainer, and your place on the waiting list is cancelled with it.');
    expect(calendarParts(toWaiting)).toEqual({ alternative: null, attachment: null });
  });

  it.each([
    ['the trainer', ['trainer'], 'the trainer Morag Trainer'],
    ['their manager', ['manager'], 'your manager Ann Boss'],
    ['an administrator', ['admin'], 'an administrator, Iain Admin'],
  ] as const)("names %s who cancelled someone's booking, and keeps the session going", async (_who, roles, phrase) => {
    const sessionId = await createSession();
    const ailsa = await learner();
    const canceller =
      roles[0] === 'trainer'
        ? trainer
        : await makeSignedIn(t.dataSource, organisationId, [...roles], { name: roles[0] === 'manager' ? 'Ann Boss' : 'Iain Admin' });
    const booking = await book(ailsa, sessionId);
    await mailsTo(ailsa, 1);

    await t.http.post(`/api/bookings/${booking.body.id}/cancel`).set(canceller.auth).expect(200);
    const [, cancelled] = await mailsTo(ailsa, 2);
    expect(cancelled.parsed.subject).toMatch(/^Booking cancelled: /);
    expect(cancelled.parsed.text).toContain(`Your booking for Literature searching for social work practice was cancelled by ${phrase}. The session itself goes ahead.`);
    expect(cancelled.parsed.text).not.toMatch(/session (is|was) cancelled|will not take place/i);
    const cancel = invitationIn(cancelled);
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.events[0].description).toMatch(/^Your booking for this session is cancelled\./);
    expect(cancel.events[0].description).not.toContain('This session is cancelled');
  });

  it('keeps a title with CR/LF from adding headers or recipients', async () => {
    const course = await makeCourse(t.dataSource, { title: 'Evidence\r\nBcc: evil@example.test\r\nX-Injected: yes' });
    const res = await t.http
      .post('/api/sessions')
      .set(trainer.auth)
      .send({ courseId: course.id, startsAt: '2026-04-14T09:00:00Z', endsAt: '2026-04-14T11:00:00Z', capacity: 3 })
      .expect(201);
    const ailsa = await learner();
    await book(ailsa, res.body.id as string);

    const [mail] = await mailsTo(ailsa, 1);
    expect(mail.envelope.to).toEqual([ailsa.person.email]);
    expect(mail.parsed.bcc).toBeUndefined();
    expect(mail.parsed.headers.has('x-injected')).toBe(false);
    const headerLines = mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n')).split('\r\n');
    expect(headerLines.filter((line) => /^(bcc|x-injected):/i.test(line))).toEqual([]);
    expect(mail.parsed.subject).toBe('Booking confirmed: Evidence Bcc: evil@example.test X-Injected: yes, Tue 14 Apr 2026, 10:00');
    expect(invitationIn(mail).events[0].summary).toBe('Evidence\nBcc: evil@example.test\nX-Injected: yes');
    expect(sink.to('evil@example.test')).toEqual([]);
  });
});
