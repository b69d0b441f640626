import type { Actor } from '../auth/actor';
import type { Booking } from '../bookings/booking.entity';
import { ManualClock } from '../common/clock';
import type { Course } from '../courses/course.entity';
import type { Person } from '../people/person.entity';
import type { TrainingSession } from '../sessions/training-session.entity';
import { BookingMailBatch, BookingMailSources, renderBookingMail } from './booking-mail-renderer';
import { sessionFacts } from './booking-mailer.service';
import { bookingCanceller, sessionCanceller } from './canceller';
import { buildInvitation, calendarIdentity, InvitationMethod } from './invitation-builder';
import type { RenderedMail } from './mail-document';
import { bookingCancelledMail, bookingConfirmedMail, promotedMail, sessionCancelledMail, sessionChangedMail, waitlistedMail } from './mail-templates';
import { OutboxMessage } from './outbox-message.entity';

const SITE = { publicUrl: 'https://training.example.test', mailFrom: 'training@library.test' };
const NOW = new Date('2026-03-02T09:00:00Z');

const trainer = { id: '33333333-3333-4333-8333-333333333333', name: 'Morag Trainer' } as Person;
const otherTrainer = { id: '44444444-4444-4444-8444-444444444444', name: 'Iain Trainer' } as Person;
const person = { id: '22222222-2222-4222-8222-222222222222', name: 'Ailsa Worker', email: 'ailsa@example.test', organisationId: 'org-1' } as Person;
const course = { id: 'course-1', title: 'Literature searching for social work practice', description: 'Find research, fast.' } as Course;

function session(overrides: Partial<TrainingSession> = {}): TrainingSession {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    courseId: course.id,
    course,
    trainers: [trainer, otherTrainer],
    startsAt: new Date('2026-03-29T00:30:00Z'),
    endsAt: new Date('2026-03-29T02:00:00Z'),
    timezone: 'Europe/London',
    location: 'Crosshouse Hospital library',
    onlineUrl: 'https://meet.example.test/abc',
    status: 'scheduled',
    cancellationReason: null,
    ...overrides,
  } as TrainingSession;
}

const booking = { id: '55555555-5555-4555-8555-555555555555', sessionId: '11111111-1111-4111-8111-111111111111', personId: person.id, person } as Booking & { person: Person };

function row(kind: string, fields: Partial<OutboxMessage> = {}): OutboxMessage {
  return Object.assign(new OutboxMessage(), {
    id: '66666666-6666-4666-8666-666666666666',
    kind,
    recipient: person.email,
    subject: null,
    textBody: null,
    htmlBody: null,
    calendarMethod: null,
    calendarContent: null,
    bookingId: booking.id,
    sessionId: booking.sessionId,
    personId: person.id,
    causedById: null,
    invitationSequence: null,
    facts: null,
    ...fields,
  });
}

function sources(forSession: TrainingSession, causerName: string | null = null): BookingMailSources {
  return { booking, person, session: forSession, course, trainers: forSession.trainers!, causerName };
}

/** What BookingMailer wrote before mail was rendered at send: its templates and invitation, rendered in the booking's transaction. */
function renderedAtTheEvent(forSession: TrainingSession, mail: RenderedMail, calendar: { method: InvitationMethod; sequence: number } | null) {
  return {
    subject: mail.subject,
    textBody: mail.text,
    htmlBody: mail.html,
    calendarContent: calendar
      ? buildInvitation({
          method: calendar.method,
          session: forSession,
          course,
          trainers: forSession.trainers!,
          person,
          sequence: calendar.sequence,
          ...calendarIdentity(SITE.publicUrl, SITE.mailFrom, NOW),
        })
      : null,
  };
}

const facts = (forSession: TrainingSession) => sessionFacts({ booking, session: forSession, course, trainers: forSession.trainers!, person }, SITE.publicUrl);
const actor = (personId: string, roles: Actor['roles']): Actor => ({ personId, organisationId: 'org-1', roles, tokenId: 'token' });

describe('renderBookingMail: the same e-mail and invitation as rendering at the event', () => {
  it('a confirmation and a promotion, each with its invitation at the stored SEQUENCE', () => {
    const scheduled = session();
    const confirmed = renderBookingMail(row('booking-confirmed', { calendarMethod: 'REQUEST', invitationSequence: 1 }), sources(scheduled), SITE, NOW);
    expect(confirmed).toMatchObject(renderedAtTheEvent(scheduled, bookingConfirmedMail(facts(scheduled)), { method: 'REQUEST', sequence: 1 }));
    const promoted = renderBookingMail(row('booking-promoted', { calendarMethod: 'REQUEST', invitationSequence: 4 }), sources(scheduled), SITE, NOW);
    expect(promoted).toMatchObject(renderedAtTheEvent(scheduled, promotedMail(facts(scheduled)), { method: 'REQUEST', sequence: 4 }));
    expect(promoted.calendarContent).toContain('SEQUENCE:4');
  });

  it('a place on the waiting list, at the position of the moment, without an invitation', () => {
    const scheduled = session();
    const rendered = renderBookingMail(row('booking-waitlisted', { facts: JSON.stringify({ waitlistPosition: 3 }) }), sources(scheduled), SITE, NOW);
    expect(rendered).toMatchObject(renderedAtTheEvent(scheduled, waitlistedMail(facts(scheduled), 3), null));
  });

  it('a cancelled booking names the canceller found from causedById, in the role of the moment', () => {
    const scheduled = session();
    const byTrainer = row('booking-cancelled', {
      calendarMethod: 'CANCEL',
      invitationSequence: 2,
      causedById: trainer.id,
      facts: JSON.stringify({ cancelledBy: { role: 'trainer' }, wasWaitlisted: false, invited: true }),
    });
    const cancelledBy = bookingCanceller(actor(trainer.id, ['trainer']), trainer.name, person, [trainer.id, otherTrainer.id]);
    expect(renderBookingMail(byTrainer, sources(scheduled, trainer.name), SITE, NOW)).toMatchObject(
      renderedAtTheEvent(scheduled, bookingCancelledMail(facts(scheduled), { cancelledBy, waitlisted: false, invited: true }), { method: 'CANCEL', sequence: 2 }),
    );

    const ownWaitlistPlace = row('booking-cancelled', { causedById: person.id, facts: JSON.stringify({ cancelledBy: { role: 'self' }, wasWaitlisted: true, invited: false }) });
    const self = bookingCanceller(actor(person.id, ['learner']), person.name, person, []);
    expect(renderBookingMail(ownWaitlistPlace, sources(scheduled, person.name), SITE, NOW)).toMatchObject(
      renderedAtTheEvent(scheduled, bookingCancelledMail(facts(scheduled), { cancelledBy: self, waitlisted: true, invited: false }), null),
    );
  });

  it('a booking cancellation still withdraws only the booking if the session was cancelled before it was sent', () => {
    const cancelledSince = session({ status: 'cancelled', cancellationReason: 'Trainer unwell' });
    const message = row('booking-cancelled', {
      calendarMethod: 'CANCEL',
      invitationSequence: 2,
      facts: JSON.stringify({ cancelledBy: { role: 'self' }, wasWaitlisted: false, invited: true }),
    });
    expect(renderBookingMail(message, sources(cancelledSince), SITE, NOW).calendarContent).toContain('Your booking for this session is cancelled.');
  });

  it('a changed session, with an updated invitation for the invited and a notice for the waitlisted', () => {
    const moved = session({ startsAt: new Date('2026-03-31T08:00:00Z'), endsAt: new Date('2026-03-31T10:00:00Z') });
    const invited = row('session-changed', { calendarMethod: 'REQUEST', invitationSequence: 3, facts: JSON.stringify({ invited: true }) });
    expect(renderBookingMail(invited, sources(moved), SITE, NOW)).toMatchObject(renderedAtTheEvent(moved, sessionChangedMail(facts(moved), true), { method: 'REQUEST', sequence: 3 }));
    const waiting = row('session-changed', { facts: JSON.stringify({ invited: false }) });
    expect(renderBookingMail(waiting, sources(moved), SITE, NOW)).toMatchObject(renderedAtTheEvent(moved, sessionChangedMail(facts(moved), false), null));
  });

  it('a cancelled session, with the reason from the session row and the canceller by name', () => {
    const cancelled = session({ status: 'cancelled', cancellationReason: 'Trainer unwell' });
    const message = row('session-cancelled', {
      calendarMethod: 'CANCEL',
      invitationSequence: 5,
      causedById: 'admin-1',
      facts: JSON.stringify({ cancelledBy: { role: 'admin' }, invited: true }),
    });
    const cancelledBy = sessionCanceller(actor('admin-1', ['admin']), 'Iain Admin', [trainer.id, otherTrainer.id]);
    const expected = renderedAtTheEvent(cancelled, sessionCancelledMail(facts(cancelled), { cancelledBy, invited: true, reason: 'Trainer unwell' }), { method: 'CANCEL', sequence: 5 });
    expect(renderBookingMail(message, sources(cancelled, 'Iain Admin'), SITE, NOW)).toMatchObject(expected);
    expect(expected.textBody).toContain('an administrator, Iain Admin');
  });
});

describe('BookingMailBatch', () => {
  const clock = new ManualClock(NOW);
  const batch = (bookings: Array<Booking & { person?: Person }>, causers: Array<[string, string | null]> = []) =>
    new BookingMailBatch(new Map(bookings.map((one) => [one.id, one])), new Map([[booking.sessionId, session()]]), new Map(causers), SITE, clock);

  it('renders a row from the rows it read, the canceller named by causedById', () => {
    const message = row('booking-cancelled', { causedById: trainer.id, facts: JSON.stringify({ cancelledBy: { role: 'trainer' }, wasWaitlisted: false, invited: false }) });
    const outcome = batch([booking], [[trainer.id, trainer.name]]).render(message);
    expect(outcome).toEqual({ message: expect.objectContaining({ subject: expect.stringMatching(/^Booking cancelled: /) }) });
    expect((outcome as { message: OutboxMessage }).message.textBody).toContain('was cancelled by the trainer Morag Trainer.');
  });

  it('an erased canceller is named by role only', () => {
    const message = row('booking-cancelled', { causedById: 'erased', facts: JSON.stringify({ cancelledBy: { role: 'manager' }, wasWaitlisted: false, invited: false }) });
    const outcome = batch([booking], [['erased', null]]).render(message) as { message: OutboxMessage };
    expect(outcome.message.textBody).toContain('was cancelled by your manager.');
  });

  it('does not send to a person who was erased, nor about a booking that is gone', () => {
    const erased = { ...booking, person: { ...person, name: null, email: null } } as Booking & { person: Person };
    expect(batch([erased]).render(row('booking-confirmed', { calendarMethod: 'REQUEST', invitationSequence: 1 }))).toEqual({
      unsendable: `not sent: the person of booking ${booking.id} was erased`,
    });
    expect(batch([]).render(row('booking-confirmed'))).toEqual({ unsendable: `not sent: booking ${booking.id} no longer exists` });
  });

  it('refuses a row it cannot read rather than sending something else', () => {
    expect(batch([booking]).render(row('booking-waitlisted'))).toEqual({ unsendable: `not sent: booking-waitlisted 66666666-6666-4666-8666-666666666666 has no facts` });
    expect(batch([booking]).render(row('booking-confirmed', { calendarMethod: 'REQUEST' }))).toEqual({
      unsendable: 'not sent: booking-confirmed 66666666-6666-4666-8666-666666666666 has a calendar method but no invitation sequence',
    });
  });

  it('gives the subject alone for lists of the outbox', () => {
    expect(batch([booking]).subject(row('booking-waitlisted', { facts: JSON.stringify({ waitlistPosition: 2 }) }))).toEqual({
      subject: waitlistedMail(facts(session()), 2).subject,
    });
  });
});
