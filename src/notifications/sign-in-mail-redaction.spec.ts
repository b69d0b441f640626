import { expiredSignInMail, REDACTED_SIGN_IN_MAIL } from './sign-in-mail-redaction';

describe('expiredSignInMail', () => {
  const TTL = 15 * 60_000;
  const written = new Date('2026-12-03T09:00:00Z');
  const at = (milliseconds: number) => new Date(written.getTime() + milliseconds);

  it('lets a sign-in e-mail go while its link works', () => {
    expect(expiredSignInMail({ kind: 'magic-link', createdAt: written }, at(TTL - 1), TTL)).toBeNull();
  });

  it('from the instant its link expires: failed, with the link removed from the row', () => {
    expect(expiredSignInMail({ kind: 'magic-link', createdAt: written }, at(TTL), TTL)).toEqual({
      status: 'failed',
      lastError: expect.stringMatching(/expired before the e-mail could be delivered/),
      textBody: REDACTED_SIGN_IN_MAIL.text,
      htmlBody: REDACTED_SIGN_IN_MAIL.html,
    });
  });

  it('never stops other mail, however old', () => {
    expect(expiredSignInMail({ kind: 'booking-confirmed', createdAt: written }, at(30 * 24 * 3600_000), TTL)).toBeNull();
  });
});
