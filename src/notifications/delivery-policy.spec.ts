import { classifyDeliveryError, retryDelayMs } from './delivery-policy';

function smtpError(responseCode: number, response: string, code = 'EENVELOPE'): Error {
  return Object.assign(new Error(response), { responseCode, response, code });
}

describe('classifyDeliveryError', () => {
  it('treats a 5xx SMTP reply as permanent, keeping the reply as the error', () => {
    const failure = classifyDeliveryError(smtpError(550, '550 5.1.1 No such mailbox'));
    expect(failure).toEqual({ kind: 'permanent', message: 'EENVELOPE 550 550 5.1.1 No such mailbox' });
  });

  it.each([
    ['a 4xx reply (greylisting)', smtpError(451, '451 4.7.1 Try again later')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET' })],
    ['a timeout', Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' })],
    ['failed authentication (a configuration fault)', smtpError(535, '535 5.7.8 Authentication failed', 'EAUTH')],
    ['a full disk', Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })],
    ['something that is not even an Error', 'boom'],
  ])('treats %s as transient', (_label, error) => {
    expect(classifyDeliveryError(error).kind).toBe('transient');
  });

  it('keeps stored errors short', () => {
    expect(classifyDeliveryError(new Error('x'.repeat(5000))).message.length).toBe(2000);
  });
});

describe('retryDelayMs', () => {
  it('doubles from 30 seconds and stops growing at an hour', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 7, 8, 20].map((attempt) => retryDelayMs(attempt, middle))).toEqual([
      30_000, 60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
  });

  it('spreads retries by at most 20 % either way', () => {
    expect(retryDelayMs(1, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, () => 0.999999)).toBeLessThanOrEqual(36_000);
    expect(retryDelayMs(1, () => 0.999999)).toBeGreaterThan(35_999);
  });
});
