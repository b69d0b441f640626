import type { AttendanceChangeDto } from '../../../attendance/dto/attendance-change.dto';
import type { TrainerSessionDto } from '../../../sessions/dto/trainer-sessions.dto';
import { readRegisterForm } from '../forms/register-form';
import type { RegisterData } from '../trainer-pages.service';
import { historyEntry, registerView } from './register-view';
import { presentTrainerSession } from './trainer-session';

const session: TrainerSessionDto = {
  id: 's1',
  courseId: 'c1',
  course: { id: 'c1', title: 'Literature searching' },
  startsAt: '2027-01-12T10:00:00.000Z',
  endsAt: '2027-01-12T12:00:00.000Z',
  timezone: 'Europe/London',
  location: 'Crosshouse Hospital library',
  onlineUrl: null,
  capacity: 12,
  trainerIds: ['t1'],
  trainers: [{ id: 't1', name: 'Fiona Dunlop' }],
  status: 'scheduled',
  bookingOpensAt: null,
  bookingClosesAt: null,
  waitlistEnabled: true,
  confirmedCount: 9,
  waitlistCount: 2,
  seatsLeft: 3,
  unmarkedCount: 3,
};

describe('a session in the trainer’s lists', () => {
  it('says what is booked and what the trainer should do next, by where the session stands', () => {
    const coming = presentTrainerSession(session, new Date('2027-01-12T08:00:00Z'));
    expect(coming).toMatchObject({ booked: '9 of 12 places booked', waiting: '2 on the waiting list', tags: [{ text: 'Today', colour: 'blue' }] });
    expect(coming.register).toBeUndefined();
    expect(presentTrainerSession(session, new Date('2027-01-12T10:30:00Z'))).toMatchObject({
      tags: [{ text: 'Under way' }],
      register: { href: '/trainer/sessions/s1/register', text: 'Take the register' },
    });
    expect(presentTrainerSession(session, new Date('2027-01-13T10:00:00Z'))).toMatchObject({
      tags: [{ text: 'Register not complete', colour: 'orange' }],
      register: { text: 'Complete the register (3 people not marked)' },
    });
    expect(presentTrainerSession({ ...session, unmarkedCount: 0 }, new Date('2027-01-13T10:00:00Z'))).toMatchObject({
      tags: [],
      register: { text: 'View the register' },
    });
    expect(presentTrainerSession({ ...session, status: 'cancelled' }, new Date('2027-01-13T10:00:00Z')).tags).toEqual([{ text: 'Cancelled', colour: 'red' }]);
  });
});

describe('the register page', () => {
  const change = (overrides: Partial<AttendanceChangeDto>): AttendanceChangeDto => ({
    id: 'h1',
    personId: 'p1',
    name: 'Ann Shaw',
    oldStatus: null,
    newStatus: 'attended',
    source: 'register',
    walkIn: false,
    changedById: 't1',
    changedByName: 'Fiona Dunlop',
    changedAt: new Date('2027-07-13T09:05:00Z'),
    ...overrides,
  });

  it('reads each change of the history in the session’s zone, naming who made it and how', () => {
    expect(historyEntry(change({}), 'Europe/London')).toEqual({
      when: '13 Jul 2027, 10:05 BST',
      whenIso: '2027-07-13T09:05:00.000Z',
      person: 'Ann Shaw',
      change: 'Not marked → Attended',
      by: 'Fiona Dunlop',
      walkIn: false,
    });
    expect(historyEntry(change({ source: 'check-in', changedByName: 'Ann Shaw', oldStatus: 'absent' }), 'Europe/London')).toMatchObject({
      change: 'Absent → Attended',
      by: 'Ann Shaw (checked in on their phone)',
    });
  });

  it('keeps the marks chosen on a re-drawn form, adds walk-ins not saved yet, and says they are not saved', () => {
    const data: RegisterData = {
      now: new Date('2027-01-12T10:30:00Z'),
      session,
      sheet: {
        sessionId: 's1',
        records: [{ personId: 'p1', name: 'Ann Shaw', bookingId: 'b1', status: null, walkIn: false, team: 'Mental Health', organisation: 'NAHSCP' }],
      },
      checkIn: null,
      history: [],
      historyTotal: 0,
    };
    const fresh = registerView(data);
    expect(fresh).toMatchObject({ counts: '0 attended, 0 absent, 0 excused, 1 not marked', unsaved: false, closedReason: undefined, mayStartCheckIn: true });
    expect(fresh.rows[0].radios.map((radio) => radio.checked)).toEqual([false, false, false]);

    const walkIn = '44444444-4444-4444-8444-444444444444';
    const form = readRegisterForm({ 'mark-p1': 'absent', 'shown-p1': '', 'walk-in': walkIn, [`walk-in-name-${walkIn}`]: 'Dana Walker' }, ['p1']);
    const redrawn = registerView(data, { form });
    expect(redrawn.unsaved).toBe(true);
    expect(redrawn.rows.map((row) => [row.name, row.walkIn, row.radios.find((radio) => radio.checked)?.value])).toEqual([
      ['Ann Shaw', false, 'absent'],
      ['Dana Walker', true, 'attended'],
    ]);
    expect(registerView({ ...data, now: new Date('2027-01-12T09:00:00Z') }).closedReason).toContain('You can mark attendance once the session starts');
  });
});
