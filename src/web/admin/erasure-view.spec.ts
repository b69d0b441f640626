import type { BookingDto } from '../../bookings/dto/booking.dto';
import type { ErasurePreviewDto } from '../../people/dto/erasure-preview.dto';
import { erasureConfirmationError, erasureView } from './erasure-view';

const person = {
  id: 'p1',
  name: 'Ailsa Boyd',
  email: 'Ailsa.Boyd@eahscp.example',
  organisationId: 'o1',
  team: 'Children and families',
  jobTitle: null,
  roles: ['learner' as const],
  newlyQualified: false,
  libraryMember: false,
  active: true,
  erasedAt: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
};

const booking = (status: BookingDto['status'], waitlistPosition: number | null = null): BookingDto => ({
  id: `b-${status}`,
  sessionId: 's1',
  personId: 'p1',
  status,
  waitlistPosition,
  createdAt: '2026-12-01T10:00:00.000Z',
  cancelledAt: null,
  session: {
    courseTitle: 'Literature searching',
    startsAt: '2027-01-12T10:00:00.000Z',
    endsAt: '2027-01-12T12:00:00.000Z',
    timezone: 'Europe/London',
    location: 'Crosshouse',
    onlineUrl: null,
    status: 'scheduled',
  },
});

const preview = (fields: Partial<ErasurePreviewDto> = {}): ErasurePreviewDto => ({
  person,
  lastAdmin: false,
  upcomingBookings: [],
  attendanceRecords: 3,
  pastBookings: 1,
  apiTokens: 0,
  signIns: 2,
  mail: 5,
  calendarFeed: true,
  ...fields,
});

const data = (fields: Partial<ErasurePreviewDto> = {}) => ({
  now: new Date('2027-01-01T00:00:00Z'),
  preview: preview(fields),
  organisation: { id: 'o1', code: 'EAHSCP', name: 'East Ayrshire HSCP' },
});

describe('erasureView', () => {
  it('says what is removed and what is kept, in counts', () => {
    const view = erasureView(data());
    expect(view.heading).toBe('Erase Ailsa Boyd?');
    expect(view.removed).toEqual([
      'their name, e-mail address and job title, for good',
      'their calendar feed address, which stops working',
      '2 sign-ins, which end',
      '5 e-mails to them, sent or waiting to be sent',
    ]);
    expect(view.kept).toEqual([
      'their organisation (East Ayrshire HSCP) and team (Children and families)',
      '3 attendance records, still counted in training reports without saying who they are',
      '1 booking of a session that has already started',
    ]);
    expect(view.refusal).toBeUndefined();
  });

  it('names who gets each place the erasure frees', () => {
    const view = erasureView(
      data({
        upcomingBookings: [
          { booking: booking('confirmed'), promoted: [{ personId: 'p2', name: 'Morag Kerr' }] },
          { booking: booking('confirmed'), promoted: [] },
          { booking: booking('waitlisted', 2), promoted: [] },
          { booking: booking('confirmed'), promoted: [{ personId: 'p3', name: null }] },
        ],
      }),
    );
    expect(view.bookings.map((row) => [row.held, row.outcome])).toEqual([
      ['Booked', 'The place goes to Morag Kerr, first on the waiting list, who is e-mailed.'],
      ['Booked', 'Nobody is waiting: the place becomes free for anyone to book.'],
      ['Waiting list: number 2', 'Their place on the waiting list goes; the people after them move up.'],
      ['Booked', 'The place goes to a person whose details were erased, first on the waiting list, who is e-mailed.'],
    ]);
    expect(view.bookings[0]).toMatchObject({ date: 'Tuesday 12 January 2027', time: '10:00 to 12:00 GMT' });
  });

  it('leaves out bookings of past sessions when there are none', () => {
    expect(erasureView(data({ pastBookings: 0 })).kept).toHaveLength(2);
  });

  it('refuses, saying why, to erase the only administrator', () => {
    expect(erasureView(data({ lastAdmin: true })).refusal).toMatch(/^Ailsa Boyd is the only administrator/);
  });
});

describe('erasureConfirmationError', () => {
  it('accepts the address in any letter case, and nothing else', () => {
    expect(erasureConfirmationError(' ailsa.boyd@EAHSCP.example ', 'Ailsa.Boyd@eahscp.example')).toBeUndefined();
    expect(erasureConfirmationError('', 'a@x.test')?.message).toBe('Type their e-mail address to confirm');
    expect(erasureConfirmationError('b@x.test', 'a@x.test')?.field).toBe('confirmEmail');
  });
});
