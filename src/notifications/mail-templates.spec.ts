import type { Canceller } from './canceller';
import { escapeHtml, headerSafe } from './mail-document';
import {
  bookingCancelledMail,
  bookingConfirmedMail,
  magicLinkMail,
  promotedMail,
  reminderMail,
  sessionCancelledMail,
  sessionChangedMail,
  SessionFacts,
  waitlistedMail,
  welcomeMail,
} from './mail-templates';

const BOOKING_URL = 'http://localhost:3000/bookings/0b6c1c52-5d2e-4a55-9a0e-9a1b3c2d4e5f';
const facts: SessionFacts = {
  personName: 'Ailsa Worker',
  bookingUrl: BOOKING_URL,
  courseTitle: 'Literature searching',
  courseDescription: 'Find research, fast.',
  startsAt: new Date('2026-03-03T10:00:00Z'),
  endsAt: new Date('2026-03-03T12:00:00Z'),
  timezone: 'Europe/London',
  location: 'Crosshouse Hospital library',
  onlineUrl: 'https://meet.example.test/abc?x=1&y=2',
  trainerNames: ['Morag Trainer'],
};
const WHEN = 'Tuesday 3 March 2026, 10:00 to 12:00 (GMT)';

const everySessionMail = {
  confirmed: bookingConfirmedMail(facts),
  waitlisted: waitlistedMail(facts, 3),
  promoted: promotedMail(facts),
  cancelled: bookingCancelledMail(facts, { cancelledBy: { role: 'self' }, waitlisted: false, invited: true }),
  changed: sessionChangedMail(facts, true),
  sessionCancelled: sessionCancelledMail(facts, { cancelledBy: { role: 'trainer', name: 'Morag Trainer' }, invited: true, reason: 'Trainer unwell' }),
  reminder: reminderMail(facts),
};

describe('session e-mails', () => {
  it.each(Object.entries(everySessionMail))('%s: subject, text and HTML carry the session in its own zone', (_kind, mail) => {
    expect(mail.subject).toContain('Literature searching, Tue 3 Mar 2026, 10:00');
    expect(mail.text).toContain(`When: ${WHEN}`);
    expect(mail.text).toContain('Where: Crosshouse Hospital library');
    expect(mail.text).toContain('Trainer: Morag Trainer');
    expect(mail.html).toContain(`<dd style="margin:0 0 0.75em 0">${WHEN}</dd>`);
    expect(mail.html).toContain('<html lang="en-GB">');
    expect(mail.html).toContain(`<title>${escapeHtml(mail.subject)}</title>`);
    expect(mail.html).toMatch(/<main>[\s\S]*<h1[^>]*>[^<]+<\/h1>[\s\S]*<\/main>/);
    expect(mail.html).toContain('<a href="https://meet.example.test/abc?x=1&#38;y=2">');
    expect(mail.text).not.toMatch(/<\/?[a-z]/);
  });

  it('have distinct, clear subjects', () => {
    expect(Object.values(everySessionMail).map((mail) => mail.subject.split(':')[0])).toEqual([
      'Booking confirmed',
      'On the waiting list (number 3)',
      'A place is now yours',
      'Booking cancelled',
      'Session changed',
      'Session cancelled',
      'Reminder',
    ]);
  });

  it('tell waitlisted people their position and that nothing goes in their calendar yet', () => {
    const mail = waitlistedMail(facts, 3);
    expect(mail.text).toContain('You are number 3 on the waiting list.');
    expect(mail.text).toContain('nothing is added to your calendar');
  });

  it('mention the calendar only when an invitation or cancellation is attached', () => {
    const own = { cancelledBy: { role: 'self' } as const, waitlisted: false };
    expect(bookingCancelledMail(facts, { ...own, invited: true }).text).toContain('removes the session from your calendar');
    expect(bookingCancelledMail(facts, { ...own, invited: false }).text).not.toContain('calendar');
    expect(sessionChangedMail(facts, false).text).toContain('still on the waiting list');
    const byAdmin = { cancelledBy: { role: 'admin', name: 'Iain Admin' } as const };
    expect(sessionCancelledMail(facts, { ...byAdmin, invited: false, reason: null }).text).toContain('place on the waiting list is cancelled');
    expect(sessionCancelledMail(facts, { ...byAdmin, invited: true, reason: 'Trainer unwell' }).text).toContain('Reason: Trainer unwell');
  });

  describe('link to the booking page', () => {
    const bookingMails = {
      confirmed: everySessionMail.confirmed,
      waitlisted: everySessionMail.waitlisted,
      promoted: everySessionMail.promoted,
      reminder: everySessionMail.reminder,
      changed: everySessionMail.changed,
      changedWhileWaitlisted: sessionChangedMail(facts, false),
    };

    it.each(Object.entries(bookingMails))('%s: as a button and as text', (_kind, mail) => {
      expect(mail.text).toContain(`View your booking:\n${BOOKING_URL}`);
      expect(mail.html).toContain(`<a href="${BOOKING_URL}"`);
    });

    it.each([
      ['confirmed', everySessionMail.confirmed, 'If you can no longer come'],
      ['promoted', everySessionMail.promoted, 'If you can no longer come'],
      ['reminder', everySessionMail.reminder, 'If you can no longer come'],
      ['changed', everySessionMail.changed, 'If the new time or place does not suit you'],
    ])('%s: asks to free the place and says how', (_kind, mail, when) => {
      expect(mail.text).toContain(`${when}, please cancel so that someone on the waiting list can have your place: open ${BOOKING_URL} and choose Cancel your place.`);
    });

    it.each([
      ['waitlisted', everySessionMail.waitlisted],
      ['changed while waitlisted', bookingMails.changedWhileWaitlisted],
    ])('%s: says how to leave the waiting list', (_kind, mail) => {
      expect(mail.text).toContain(`If you no longer need a place, open ${BOOKING_URL} and choose Leave the waiting list`);
      expect(mail.text).not.toContain('Cancel your place');
    });
  });

  describe('cancellations', () => {
    const cancelledBy = (canceller: Canceller, waitlisted = false) => bookingCancelledMail(facts, { cancelledBy: canceller, waitlisted, invited: !waitlisted }).text;

    it.each<[string, Canceller, string]>([
      ['the person', { role: 'self' }, 'Your booking for Literature searching was cancelled by you.'],
      ['a trainer', { role: 'trainer', name: 'Morag Trainer' }, 'Your booking for Literature searching was cancelled by the trainer Morag Trainer.'],
      ['a manager', { role: 'manager', name: 'Ann Boss' }, 'Your booking for Literature searching was cancelled by your manager Ann Boss.'],
      ['an administrator', { role: 'admin', name: 'Iain Admin' }, 'Your booking for Literature searching was cancelled by an administrator, Iain Admin.'],
      ['an erased trainer', { role: 'trainer', name: null }, 'Your booking for Literature searching was cancelled by the trainer.'],
    ])('of a booking, by %s, say who cancelled it', (_who, canceller, sentence) => {
      expect(cancelledBy(canceller)).toContain(sentence);
    });

    it('of a booking never say the session is cancelled', () => {
      for (const role of ['trainer', 'manager', 'admin'] as const) {
        const text = cancelledBy({ role, name: 'Someone' });
        expect(text).toContain('The session itself goes ahead.');
        expect(text).not.toMatch(/session (is|was) cancelled|will not take place/i);
      }
      expect(cancelledBy({ role: 'self' })).not.toMatch(/session (is|was) cancelled|will not take place/i);
    });

    it('of a place on the waiting list say so', () => {
      expect(cancelledBy({ role: 'self' }, true)).toContain('Your place on the waiting list for Literature searching was cancelled by you.');
    });

    it('of the session say that the session is cancelled, by whom and why', () => {
      const mail = sessionCancelledMail(facts, { cancelledBy: { role: 'trainer', name: 'Morag Trainer' }, invited: true, reason: 'Trainer unwell' });
      expect(mail.text).toContain('this session of Literature searching is cancelled and will not take place. It was cancelled by the trainer Morag Trainer, and your booking is cancelled with it.');
      expect(mail.text).toContain('Reason: Trainer unwell');
      const withoutReason = sessionCancelledMail(facts, { cancelledBy: { role: 'admin', name: 'Iain Admin' }, invited: false, reason: null });
      expect(withoutReason.text).toContain('It was cancelled by an administrator, Iain Admin, and your place on the waiting list is cancelled with it.');
      expect(withoutReason.text).not.toContain('Reason');
    });
  });

  it('escape every value in HTML and keep header values on one line', () => {
    const hostile: SessionFacts = {
      ...facts,
      personName: '<script>alert(1)</script>',
      courseTitle: 'Evidence & "you"\r\nBcc: evil@example.test',
      onlineUrl: 'javascript:alert(1)',
    };
    const mail = bookingConfirmedMail(hostile);
    expect(mail.subject).toBe('Booking confirmed: Evidence & "you" Bcc: evil@example.test, Tue 3 Mar 2026, 10:00');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(mail.html).toContain('Evidence &#38; &#34;you&#34;');
    expect(mail.html).not.toContain('href="javascript:');
    expect(mail.text).toContain('Join online: javascript:alert(1)');
  });

  it('greet people whose name is unknown', () => {
    expect(reminderMail({ ...facts, personName: null }).text.startsWith('Your training session is coming up\n\nHello,')).toBe(true);
  });

  it('shorten very long subjects', () => {
    expect(bookingConfirmedMail({ ...facts, courseTitle: 'x'.repeat(600) }).subject).toHaveLength(250);
  });
});

describe('magicLinkMail', () => {
  it('gives the link as a button and as text, with its expiry', () => {
    const mail = magicLinkMail({
      personName: 'Ailsa Worker',
      link: 'http://localhost:3000/auth/callback?token=abc&x=1',
      expiresAt: new Date('2026-07-03T09:15:00Z'),
      minutesValid: 15,
    });
    expect(mail.subject).toBe('Your sign-in link for library training');
    expect(mail.text).toContain('Sign in:\nhttp://localhost:3000/auth/callback?token=abc&x=1');
    expect(mail.text).toContain('The link expires in 15 minutes, at 10:15 (BST) on Friday 3 July 2026.');
    expect(mail.html).toContain('<a href="http://localhost:3000/auth/callback?token=abc&#38;x=1"');
  });
});

describe('welcomeMail', () => {
  it('says what the service is and how to sign in, with the address to use, and escapes the name in HTML', () => {
    const mail = welcomeMail({ personName: 'Ailsa <Boyd>', email: 'ailsa.boyd@eahscp.example', signInUrl: 'http://localhost:3000/sign-in' });
    expect(mail.subject).toBe('You can now book library information skills training');
    expect(mail.text).toContain('Dear Ailsa <Boyd>,');
    expect(mail.text).toContain('where social workers book places on the library’s training');
    expect(mail.text).toContain('To sign in, open http://localhost:3000/sign-in and enter your work e-mail address, ailsa.boyd@eahscp.example.');
    expect(mail.text).toContain('there is no password');
    expect(mail.html).toContain('Dear Ailsa &#60;Boyd&#62;,');
    expect(mail.html).toContain('<a href="http://localhost:3000/sign-in"');
  });
});

describe('headerSafe', () => {
  it('removes every control character that could start a header line', () => {
    expect(headerSafe('Title\r\nBcc: x@example.test\u2028\tEnd')).toBe('Title Bcc: x@example.test End');
  });
});
