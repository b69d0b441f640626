import { randomUUID } from 'node:crypto';
import { Booking, BookingStatus } from '../../src/bookings/booking.entity';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { ReminderScheduler } from '../../src/notifications/reminder-scheduler.service';
import { TrainingSession } from '../../src/sessions/training-session.entity';
import { makeCourse, makeOrganisation, makePerson, makeSession, makeSignedIn } from '../factories';
import { eventually } from '../support/eventually';
import { SmtpSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const HOUR = 3600_000;
const at = (hoursFromNow: number) => new Date(NOW.getTime() + hoursFromNow * HOUR);

async function bookingRow(t: TestApp, session: TrainingSession, personId: string, status: BookingStatus): Promise<Booking> {
  return t.dataSource.getRepository(Booking).save({
    id: randomUUID(),
    sessionId: session.id,
    personId,
    status,
    waitlistRank: status === 'waitlisted' ? 1 : null,
    bookedById: personId,
    invitationSequence: 0,
    createdAt: NOW,
    confirmedAt: status === 'confirmed' ? NOW : null,
    cancelledAt: status === 'cancelled' ? NOW : null,
  });
}

const reminders = (t: TestApp) =>
  t.dataSource.getRepository(OutboxMessage).find({ where: { kind: 'reminder' }, order: { dedupeKey: 'ASC' } });

describe(`reminders (${testDialect()})`, () => {
  let sink: SmtpSink;
  let t: TestApp;
  let organisationId: string;
  let courseId: string;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ now: NOW, env: { SMTP_URL: sink.url, REMINDER_LEAD_HOURS: '24' } });
    organisationId = (await makeOrganisation(t.dataSource)).id;
    courseId = (await makeCourse(t.dataSource, { title: 'Finding evidence to inform your practice' })).id;
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const person = () => makePerson(t.dataSource, { organisationId });
  const scan = () => t.app.get(ReminderScheduler).enqueueDueReminders();

  it('enqueues exactly one reminder per confirmed booking of a scheduled session starting within the lead time', async () => {
    const soon = await makeSession(t.dataSource, { courseId, startsAt: at(23), endsAt: at(25), now: NOW });
    const later = await makeSession(t.dataSource, { courseId, startsAt: at(25), endsAt: at(27), now: NOW });
    const cancelledSession = await makeSession(t.dataSource, { courseId, startsAt: at(5), endsAt: at(7), status: 'cancelled', now: NOW });
    const started = await makeSession(t.dataSource, { courseId, startsAt: at(-1), endsAt: at(1), now: NOW });
    const [ann, bob, cat, dan] = [await person(), await person(), await person(), await person()];
    const annSoon = await bookingRow(t, soon, ann.id, 'confirmed');
    const bobSoon = await bookingRow(t, soon, bob.id, 'confirmed');
    await bookingRow(t, soon, cat.id, 'waitlisted');
    await bookingRow(t, soon, dan.id, 'cancelled');
    const annLater = await bookingRow(t, later, ann.id, 'confirmed');
    await bookingRow(t, cancelledSession, ann.id, 'confirmed');
    await bookingRow(t, started, bob.id, 'confirmed');

    expect(await scan()).toBe(2);
    expect((await reminders(t)).map((row) => [row.dedupeKey, row.recipient, row.sessionId])).toEqual(
      [
        [`reminder:${annSoon.id}`, ann.email, soon.id],
        [`reminder:${bobSoon.id}`, bob.email, soon.id],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    expect(await scan()).toBe(0);
    expect(await reminders(t)).toHaveLength(2);

    t.clock.set(at(2));
    expect(await scan()).toBe(1);
    expect((await reminders(t)).map((row) => row.dedupeKey)).toContain(`reminder:${annLater.id}`);
    expect(await reminders(t)).toHaveLength(3);

    const delivered = await eventually(() => {
      const mails = sink.to(ann.email!).filter((mail) => mail.parsed.subject?.startsWith('Reminder:'));
      expect(mails).toHaveLength(2);
      return mails;
    });
    expect(delivered.map((mail) => mail.parsed.subject).sort()).toEqual([
      'Reminder: Finding evidence to inform your practice, Tue 3 Mar 2026, 08:00',
      'Reminder: Finding evidence to inform your practice, Tue 3 Mar 2026, 10:00',
    ]);
    expect(delivered[0].parsed.text).toContain('This is a reminder that you have a place on Finding evidence to inform your practice.');
    // Each reminder links the page of its own booking, where the place can be given back.
    for (const mail of delivered) {
      const booking = mail.parsed.subject!.endsWith('08:00') ? annSoon : annLater;
      expect(mail.parsed.text).toContain(`View your booking:\nhttp://localhost:3999/bookings/${booking.id}`);
      expect(mail.parsed.text).toContain(`open http://localhost:3999/bookings/${booking.id} and choose Cancel your place.`);
    }
    t.clock.set(NOW);
  });

  it('withdraws a reminder still waiting in the outbox when the booking is cancelled', async () => {
    const trainer = await makeSignedIn(t.dataSource, organisationId, ['trainer']);
    const learner = await makeSignedIn(t.dataSource, organisationId, ['learner']);
    const session = await makeSession(t.dataSource, { courseId, trainerIds: [trainer.person.id], startsAt: at(10), endsAt: at(12), now: NOW });
    const booked = await t.http.post('/api/bookings').set(learner.auth).send({ sessionId: session.id }).expect(201);
    await eventually(() => expect(sink.to(learner.person.email!)).toHaveLength(1));

    await sink.stop();
    try {
      expect(await scan()).toBe(1);
      const key = `reminder:${booked.body.id}`;
      await eventually(async () =>
        expect(await t.dataSource.getRepository(OutboxMessage).findOneBy({ dedupeKey: key })).toMatchObject({ status: 'pending', attempts: 1 }),
      );
      await t.http.post(`/api/bookings/${booked.body.id}/cancel`).set(learner.auth).expect(200);
      expect(await t.dataSource.getRepository(OutboxMessage).findOneBy({ dedupeKey: key })).toBeNull();
      expect(await scan()).toBe(0);
    } finally {
      await sink.restart();
    }
  });
});
