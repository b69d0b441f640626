import type { AttendanceStatus } from '../attendance/attendance-record.entity';
import { arrangeOwnBookings, OwnBooking } from './my-bookings';

const NOW = new Date('2026-03-10T10:00:00Z');
let counter = 0;

function booking(status: OwnBooking['status'], startsAt: string, overrides: Partial<OwnBooking['session']> = {}): OwnBooking {
  counter += 1;
  const start = new Date(startsAt);
  return {
    id: `b${counter}`,
    sessionId: `s${counter}`,
    status,
    createdAt: `2026-01-01T00:00:${String(counter).padStart(2, '0')}Z`,
    session: { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString(), status: 'scheduled', ...overrides },
  };
}

describe('arrangeOwnBookings', () => {
  it('puts active bookings of sessions not yet over first, soonest first; ended and cancelled ones after, latest first', () => {
    const later = booking('waitlisted', '2026-04-01T09:00:00Z');
    const sooner = booking('confirmed', '2026-03-20T09:00:00Z');
    const running = booking('confirmed', '2026-03-10T09:00:00Z');
    const ended = booking('confirmed', '2026-02-01T09:00:00Z');
    const cancelledFuture = booking('cancelled', '2026-05-01T09:00:00Z');
    const endedWaitlisted = booking('waitlisted', '2026-03-01T09:00:00Z');

    const { upcoming, past } = arrangeOwnBookings([later, sooner, running, ended, cancelledFuture, endedWaitlisted], new Map(), NOW);

    expect(upcoming.map((b) => b.id)).toEqual([running.id, sooner.id, later.id]);
    expect(past.map((b) => b.id)).toEqual([cancelledFuture.id, endedWaitlisted.id, ended.id]);
  });

  it('carries what the register says, except for a cancelled booking', () => {
    const attended = booking('confirmed', '2026-02-01T09:00:00Z');
    const absent = booking('confirmed', '2026-02-02T09:00:00Z');
    const cancelled = booking('cancelled', '2026-02-03T09:00:00Z');
    const statuses = new Map<string, AttendanceStatus>([
      [attended.sessionId, 'attended'],
      [absent.sessionId, 'absent'],
      [cancelled.sessionId, 'attended'],
    ]);

    const { past } = arrangeOwnBookings([attended, absent, cancelled], statuses, NOW);

    expect(Object.fromEntries(past.map((b) => [b.id, b.attendance]))).toEqual({ [attended.id]: 'attended', [absent.id]: 'absent', [cancelled.id]: null });
  });

  it('opens check-in from 15 minutes before the start to the end, for confirmed bookings only', () => {
    const at = (iso: string) => new Date(iso);
    const confirmed = booking('confirmed', '2026-03-10T10:15:00Z');
    const waitlisted = booking('waitlisted', '2026-03-10T10:15:00Z');
    const open = (now: Date, b: OwnBooking) => arrangeOwnBookings([b], new Map(), now).upcoming[0]?.checkInOpen;

    expect(open(at('2026-03-10T09:59:59Z'), confirmed)).toBe(false);
    expect(open(at('2026-03-10T10:00:00Z'), confirmed)).toBe(true);
    expect(open(at('2026-03-10T12:15:00Z'), confirmed)).toBe(true);
    expect(open(at('2026-03-10T10:00:00Z'), waitlisted)).toBe(false);
    expect(arrangeOwnBookings([confirmed], new Map(), at('2026-03-10T12:15:01Z')).past[0].checkInOpen).toBe(false);
  });
});
