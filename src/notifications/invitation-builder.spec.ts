import { parseCalendar } from '../../test/support/icalendar';
import { buildInvitation, buildPublishedCalendar, CalendarEventInput, invitationUid, InvitationInput } from './invitation-builder';

const identity = { organizerEmail: 'training@library.test', uidDomain: 'training.example.test', stamp: new Date('2026-03-01T12:34:56Z') };

function input(overrides: Partial<InvitationInput> = {}): InvitationInput {
  return {
    method: 'REQUEST',
    session: {
      id: '11111111-1111-4111-8111-111111111111',
      startsAt: new Date('2026-03-31T08:00:00Z'),
      endsAt: new Date('2026-03-31T10:00:00Z'),
      timezone: 'Europe/London',
      location: 'Crosshouse Hospital library',
      onlineUrl: 'https://meet.example.test/abc',
      status: 'scheduled',
    },
    course: { title: 'Literature searching for social work practice', description: 'Find research, fast.' },
    trainers: [{ name: 'Morag Trainer' }, { name: 'Iain Trainer' }],
    person: { id: '22222222-2222-4222-8222-222222222222', name: 'Ailsa Worker', email: 'ailsa@example.test' },
    sequence: 3,
    ...identity,
    ...overrides,
  };
}

describe('buildInvitation', () => {
  it('writes a REQUEST that calendar programs can act on', () => {
    const text = buildInvitation(input());
    const calendar = parseCalendar(text);
    expect(calendar.method).toBe('REQUEST');
    expect(calendar.timezones).toEqual(['Europe/London']);
    expect(calendar.events).toHaveLength(1);
    const [event] = calendar.events;
    expect(event.uid).toBe('11111111-1111-4111-8111-111111111111.22222222-2222-4222-8222-222222222222@training.example.test');
    expect(event.sequence).toBe(3);
    expect(event.status).toBe('CONFIRMED');
    expect(event.summary).toBe('Literature searching for social work practice');
    expect(event.organizer).toEqual({ address: 'training@library.test', cn: 'Morag Trainer' });
    expect(event.attendees).toEqual([{ address: 'ailsa@example.test', cn: 'Ailsa Worker', rsvp: 'FALSE', partstat: 'ACCEPTED' }]);
    expect(event.location).toBe('Crosshouse Hospital library');
    expect(event.url).toBe('https://meet.example.test/abc');
    expect(event.description).toContain('Join online: https://meet.example.test/abc');
    expect(event.description).toContain('Trainers: Morag Trainer, Iain Trainer');
    expect(event.stamp).toBe('20260301T123456Z');
  });

  it.each([
    ['summer (BST): 09:00 local is 08:00Z', '2026-03-31T08:00:00Z', 'T090000'],
    ['winter (GMT): 09:00 local is 09:00Z', '2026-03-27T09:00:00Z', 'T090000'],
    ['the October change: 10:00 BST on Saturday 24th', '2026-10-24T09:00:00Z', 'T100000'],
    ['the October change: 10:00 GMT on Monday 26th', '2026-10-26T10:00:00Z', 'T100000'],
  ])('keeps the instant and the local wall time in %s', (_label, startsAt, wallTime) => {
    const start = new Date(startsAt);
    const text = buildInvitation(input({ session: { ...input().session, startsAt: start, endsAt: new Date(start.getTime() + 7200_000) } }));
    const [event] = parseCalendar(text).events;
    expect(event.start.toISOString()).toBe(start.toISOString());
    expect(event.end.getTime() - event.start.getTime()).toBe(7200_000);
    expect(event.startTzid).toBe('Europe/London');
    expect(text).toMatch(new RegExp(`DTSTART;TZID=Europe/London:\\d{8}${wallTime}\\r\\n`));
  });

  it('uses the session zone, not the server zone, for another zone', () => {
    const start = new Date('2026-07-01T13:00:00Z');
    const text = buildInvitation(input({ session: { ...input().session, timezone: 'America/New_York', startsAt: start, endsAt: new Date('2026-07-01T14:00:00Z') } }));
    const calendar = parseCalendar(text);
    expect(calendar.timezones).toEqual(['America/New_York']);
    expect(text).toContain('DTSTART;TZID=America/New_York:20260701T090000');
    expect(calendar.events[0].start.toISOString()).toBe(start.toISOString());
  });

  it('writes a CANCEL with STATUS:CANCELLED and the same UID', () => {
    const request = parseCalendar(buildInvitation(input({ sequence: 1 }))).events[0];
    const cancel = parseCalendar(buildInvitation(input({ method: 'CANCEL', sequence: 2 })));
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.events[0].status).toBe('CANCELLED');
    expect(cancel.events[0].uid).toBe(request.uid);
    expect(cancel.events[0].sequence).toBe(2);
    expect(cancel.events[0].attendees.map((a) => a.address)).toEqual(['ailsa@example.test']);
  });

  it('says in a CANCEL whether the booking or the whole session is cancelled', () => {
    const ownCancellation = parseCalendar(buildInvitation(input({ method: 'CANCEL' }))).events[0];
    expect(ownCancellation.description).toMatch(/^Your booking for this session is cancelled\./);
    expect(ownCancellation.description).not.toContain('This session is cancelled');
    const sessionCancelled = parseCalendar(buildInvitation(input({ method: 'CANCEL', session: { ...input().session, status: 'cancelled' } }))).events[0];
    expect(sessionCancelled.description).toMatch(/^This session is cancelled\./);
    expect(parseCalendar(buildInvitation(input())).events[0].description).not.toContain('cancelled');
  });

  it('names the product in a PRODID of the form -//owner//product//language', () => {
    for (const text of [buildInvitation(input()), buildInvitation(input({ method: 'CANCEL' })), buildPublishedCalendar('Library training', [input()], identity)]) {
      expect(parseCalendar(text).prodId).toBe('-//NHS Ayrshire & Arran//Training tracker//EN');
      expect(text).toContain('\r\nPRODID:-//NHS Ayrshire & Arran//Training tracker//EN\r\n');
    }
  });

  it('names the service as organizer when the session has no trainer, and "Online" when there is no room', () => {
    const [event] = parseCalendar(
      buildInvitation(input({ trainers: [], session: { ...input().session, location: null } })),
    ).events;
    expect(event.organizer?.cn).toBe('Library training');
    expect(event.location).toBe('Online');
  });

  it('keeps line breaks, quotes and separators in titles and names from breaking the file', () => {
    const text = buildInvitation(
      input({
        course: { title: 'Evidence; search, and\r\nBcc: evil@example.test', description: null },
        person: { ...input().person, name: 'Ann "The Boss"\r\nRole' },
      }),
    );
    const [event] = parseCalendar(text).events;
    expect(event.summary).toBe('Evidence; search, and\nBcc: evil@example.test');
    expect(event.attendees[0].cn).toBe('Ann The Boss Role');
    expect(text.split('\r\n').filter((line) => line.startsWith('Bcc'))).toEqual([]);
  });
});

describe('buildPublishedCalendar', () => {
  it('publishes events without attendees, keeping the invitation UIDs', () => {
    const events: CalendarEventInput[] = [input(), { ...input(), session: { ...input().session, id: '33333333-3333-4333-8333-333333333333', status: 'cancelled' } }];
    const calendar = parseCalendar(buildPublishedCalendar('Library training', events, identity));
    expect(calendar.method).toBe('PUBLISH');
    expect(calendar.events.map((event) => event.uid)).toEqual([
      invitationUid('11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', 'training.example.test'),
      invitationUid('33333333-3333-4333-8333-333333333333', '22222222-2222-4222-8222-222222222222', 'training.example.test'),
    ]);
    expect(calendar.events.map((event) => event.attendees)).toEqual([[], []]);
    expect(calendar.events.map((event) => event.status)).toEqual(['CONFIRMED', 'CANCELLED']);
  });
});
