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
} from './mail-templates';

const facts: SessionFacts = {
  personName: 'Ailsa Worker',
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
  cancelled: bookingCancelledMail(facts, true),
  changed: sessionChangedMail(facts, true),
  sessionCancelled: sessionCancelledMail(facts, true, 'Trainer unwell'),
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
    expect(bookingCancelledMail(facts, true).text).toContain('removes the session from your calendar');
    expect(bookingCancelledMail(facts, false).text).not.toContain('calendar');
    expect(sessionChangedMail(facts, false).text).toContain('still on the waiting list');
    expect(sessionCancelledMail(facts, false, null).text).toContain('place on the waiting list is cancelled');
    expect(sessionCancelledMail(facts, true, 'Trainer unwell').text).toContain('Reason: Trainer unwell');
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

describe('headerSafe', () => {
  it('removes every control character that could start a header line', () => {
    expect(headerSafe('Title\r\nBcc: x@example.test\u2028\tEnd')).toBe('Title Bcc: x@example.test End');
  });
});
