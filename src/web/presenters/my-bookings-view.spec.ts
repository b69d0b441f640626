import type { MyBookingDto } from '../../bookings/dto/my-bookings.dto';
import { presentMyBookings } from './my-bookings-view';

function booking(overrides: Partial<MyBookingDto> = {}, session: Partial<MyBookingDto['session']> = {}): MyBookingDto {
  return {
    id: 'b1',
    sessionId: 's1',
    personId: 'p1',
    status: 'confirmed',
    waitlistPosition: null,
    createdAt: '2027-01-01T10:00:00.000Z',
    cancelledAt: null,
    attendance: null,
    checkInOpen: false,
    ...overrides,
    session: {
      courseTitle: 'Literature searching',
      startsAt: '2027-06-15T09:00:00.000Z',
      endsAt: '2027-06-15T11:00:00.000Z',
      timezone: 'Europe/London',
      location: 'Crosshouse Hospital library',
      onlineUrl: null,
      status: 'scheduled',
      ...session,
    },
  };
}

const upcoming = (b: MyBookingDto) => presentMyBookings({ upcoming: [b], past: [] }).upcoming[0];
const past = (b: MyBookingDto) => presentMyBookings({ upcoming: [], past: [b] }).past[0];

describe('presentMyBookings', () => {
  it('shows a confirmed place with its times in the session zone, its page and its calendar file', () => {
    expect(upcoming(booking())).toEqual({
      id: 'b1',
      href: '/bookings/b1',
      courseTitle: 'Literature searching',
      date: 'Tuesday 15 June 2027',
      time: '10:00 to 12:00 BST',
      startsAtIso: '2027-06-15T09:00:00.000Z',
      place: 'Crosshouse Hospital library',
      status: { text: 'Booked', colour: 'blue' },
      note: undefined,
      calendarHref: '/bookings/b1/calendar.ics',
      checkIn: undefined,
    });
  });

  it('names the waitlist position, and offers nothing for the calendar until a place comes up', () => {
    const row = upcoming(booking({ status: 'waitlisted', waitlistPosition: 2 }));
    expect(row.status).toEqual({ text: 'Waiting list: number 2', colour: 'yellow' });
    expect(row.calendarHref).toBeUndefined();
    expect(past(booking({ status: 'waitlisted', waitlistPosition: 1 })).status.text).toBe('No place');
  });

  it('says what the register says about a past session', () => {
    expect(past(booking({ attendance: 'attended' })).status.text).toBe('Attended');
    expect(past(booking({ attendance: 'absent' })).status.text).toBe('Did not attend');
    expect(past(booking({ attendance: 'excused' })).status.text).toBe('Absence excused');
    expect(past(booking())).toMatchObject({ status: { text: 'Booked' }, note: 'Attendance not recorded yet.', calendarHref: undefined });
  });

  it('tells a personal cancellation from a cancelled session', () => {
    expect(past(booking({ status: 'cancelled', cancelledAt: '2027-01-05T14:30:00.000Z' }))).toMatchObject({
      status: { text: 'Cancelled', colour: 'grey' },
      note: 'Cancelled at 14:30 GMT on Tuesday 5 January 2027.',
    });
    expect(past(booking({ status: 'cancelled', cancelledAt: '2027-01-05T14:30:00.000Z' }, { status: 'cancelled' })).note).toBe('The session was cancelled.');
  });

  it('offers check-in while it is open, and says when it is done', () => {
    expect(upcoming(booking({ checkInOpen: true })).checkIn).toBe('open');
    expect(upcoming(booking({ checkInOpen: true, attendance: 'attended' }))).toMatchObject({ checkIn: 'done', status: { text: 'Attended' } });
    expect(upcoming(booking({ checkInOpen: false })).checkIn).toBeUndefined();
  });

  it('shows an online session as online', () => {
    expect(upcoming(booking({}, { location: null, onlineUrl: 'https://meet.example.test/x' })).place).toBe('Online');
  });
});
