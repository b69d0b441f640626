import { DateTime } from 'luxon';
import { LIBRARY_SERVICE, PARTNERSHIPS, PAST_SESSIONS, UPCOMING_SESSIONS } from './demo-fixtures';
import { DemoPlan, demoPersonaEmails, emailLocalPart, planDemoData, sessionStart } from './demo-plan';
import { isScottishBankHoliday } from './scottish-bank-holidays';

const WINTER_NOW = new Date('2026-11-29T12:00:00Z');
const SUMMER_NOW = new Date('2027-06-16T08:30:00Z');

describe('planDemoData', () => {
  const plan = planDemoData(WINTER_NOW);
  const orgCode = (id: string) => plan.organisations.find((o) => o.id === id)!.code;
  const withRole = (role: string) => plan.people.filter((p) => p.roles.includes(role as never));

  it('gives the same data set for the same now', () => {
    expect(JSON.stringify(planDemoData(WINTER_NOW))).toBe(JSON.stringify(plan));
  });

  it('has the three partnerships and the library service', () => {
    expect(plan.organisations.map((o) => o.code).sort()).toEqual(['EAHSCP', 'NAHSCP', 'NHSAA-LIB', 'SAHSCP']);
    expect(plan.organisations.find((o) => o.code === 'NHSAA-LIB')!.name).toBe('NHS Ayrshire & Arran Library Service');
  });

  it('has about 70 social workers in teams, 3 trainers, 2 managers and 1 admin', () => {
    const socialWorkers = plan.people.filter((p) => p.roles.join() === 'learner');
    expect(socialWorkers).toHaveLength(70);
    expect(new Set(socialWorkers.map((p) => orgCode(p.organisationId)))).toEqual(new Set(['NAHSCP', 'EAHSCP', 'SAHSCP']));
    expect(new Set(socialWorkers.map((p) => p.team))).toEqual(
      new Set(['Children and Families', 'Adult Services', 'Mental Health', 'Justice Services']),
    );
    expect(socialWorkers.filter((p) => p.newlyQualified).length).toBeGreaterThanOrEqual(5);

    const trainers = withRole('trainer');
    expect(trainers).toHaveLength(3);
    expect(trainers.every((p) => orgCode(p.organisationId) === 'NHSAA-LIB')).toBe(true);

    const managers = withRole('manager');
    expect(managers).toHaveLength(2);
    expect(new Set(managers.map((p) => orgCode(p.organisationId))).size).toBe(2);
    expect(managers.filter((p) => p.roles.includes('learner'))).toHaveLength(1);
    expect(withRole('admin')).toHaveLength(1);
  });

  it('uses unique addresses at example domains only, and Gaelic names with their accents', () => {
    const emails = plan.people.map((p) => p.email!);
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails) expect(email).toMatch(/^[a-z0-9.'-]+@[a-z0-9-]+\.example$/);
    expect(plan.people.every((p) => p.emailKey === p.email!.toLowerCase())).toBe(true);
    const seonaidh = plan.people.find((p) => p.name === 'Seonaidh Mac Giolla Bhrìghde')!;
    expect(seonaidh.email).toBe('seonaidh.macgiollabhrighde@nahscp.example');
    expect(plan.people.filter((p) => /[àèìòù]/.test(p.name!)).length).toBeGreaterThanOrEqual(4);
  });

  it('keeps every session counter equal to its bookings', () => {
    for (const session of plan.sessions) {
      const bookings = plan.bookings.filter((b) => b.sessionId === session.id);
      const confirmed = bookings.filter((b) => b.status === 'confirmed');
      const ranks = bookings.filter((b) => b.status === 'waitlisted').map((b) => b.waitlistRank);
      expect(session.confirmedCount).toBe(confirmed.length);
      expect(session.confirmedCount).toBeLessThanOrEqual(session.capacity);
      expect(ranks).toEqual(Array.from({ length: ranks.length }, (_, i) => i + 1));
      expect(session.waitlistArrivals).toBe(ranks.length);
      const active = bookings.filter((b) => b.status !== 'cancelled').map((b) => b.personId);
      expect(new Set(active).size).toBe(active.length);
    }
  });

  it('has a register entry, with its audit row, for every confirmed booking on a past session and none on upcoming ones', () => {
    const past = plan.sessions.filter((s) => s.endsAt < WINTER_NOW);
    const upcoming = plan.sessions.filter((s) => s.startsAt > WINTER_NOW);
    expect(past).toHaveLength(PAST_SESSIONS.length);
    expect(upcoming).toHaveLength(UPCOMING_SESSIONS.length);
    for (const session of past) {
      const confirmed = plan.bookings.filter((b) => b.sessionId === session.id && b.status === 'confirmed');
      for (const booking of confirmed) {
        expect(plan.attendance.filter((a) => a.bookingId === booking.id && a.personId === booking.personId)).toHaveLength(1);
      }
    }
    expect(plan.attendance.some((a) => upcoming.some((s) => s.id === a.sessionId))).toBe(false);
    expect(plan.attendance.filter((a) => a.walkIn && a.bookingId === null)).toHaveLength(1);
    expect(plan.attendanceChanges).toHaveLength(plan.attendance.length);
    const statuses = new Set(plan.attendance.map((a) => a.status));
    expect(statuses).toEqual(new Set(['attended', 'absent', 'excused']));
  });

  it('shows about two thirds of each partnership trained', () => {
    for (const { code, cohort, trained } of plan.trainedByPartnership) {
      const expectedCohort = plan.people.filter((p) => orgCode(p.organisationId) === code && p.roles.includes('learner'));
      const attended = new Set(plan.attendance.filter((a) => a.status === 'attended').map((a) => a.personId));
      expect(cohort).toBe(expectedCohort.length);
      expect(trained).toBe(expectedCohort.filter((p) => attended.has(p.id)).length);
      expect(trained / cohort).toBeGreaterThan(0.55);
      expect(trained / cohort).toBeLessThan(0.8);
    }
    expect(plan.trainedByPartnership.map((p) => p.code)).toEqual(PARTNERSHIPS.map((p) => p.code));
  });

  it('offers upcoming sessions with free seats, and one full with a waitlist', () => {
    const upcoming = plan.sessions.filter((s) => s.startsAt > WINTER_NOW);
    const full = upcoming.filter((s) => s.confirmedCount === s.capacity);
    expect(full).toHaveLength(1);
    expect(full[0].waitlistArrivals).toBeGreaterThan(0);
    expect(upcoming.filter((s) => s.confirmedCount > 0 && s.confirmedCount < s.capacity).length).toBeGreaterThanOrEqual(3);
  });

  it('dates bookings after the session was published and no later than now, waitlisted after confirmed', () => {
    for (const booking of plan.bookings) {
      const session = plan.sessions.find((s) => s.id === booking.sessionId)!;
      expect(booking.createdAt.getTime()).toBeGreaterThanOrEqual(session.createdAt.getTime());
      expect(booking.createdAt.getTime()).toBeLessThanOrEqual(WINTER_NOW.getTime());
    }
    const full = plan.sessions.find((s) => s.waitlistArrivals > 0)!;
    const lastConfirmed = Math.max(...plan.bookings.filter((b) => b.sessionId === full.id && b.status === 'confirmed').map((b) => b.createdAt.getTime()));
    const firstWaitlisted = Math.min(...plan.bookings.filter((b) => b.sessionId === full.id && b.status === 'waitlisted').map((b) => b.createdAt.getTime()));
    expect(firstWaitlisted).toBeGreaterThanOrEqual(lastConfirmed);
  });

  it('gives the demo learner a past attendance and an upcoming booking', () => {
    const learner = plan.personas.learner;
    expect(plan.attendance.some((a) => a.personId === learner.id && a.status === 'attended')).toBe(true);
    const upcomingIds = plan.sessions.filter((s) => s.startsAt > WINTER_NOW).map((s) => s.id);
    expect(plan.bookings.some((b) => b.personId === learner.id && b.status === 'confirmed' && upcomingIds.includes(b.sessionId))).toBe(true);
  });

  it('names the personas whose links are printed by their fixed addresses', () => {
    const emails = demoPersonaEmails();
    for (const persona of ['learner', 'trainer', 'manager', 'admin'] as const) {
      expect(plan.personas[persona].email).toBe(emails[persona]);
      expect(plan.personas[persona].roles).toContain(persona);
    }
  });

  it('reuses an existing library service organisation', () => {
    const reused = planDemoData(WINTER_NOW, { libraryServiceId: '00000000-0000-4000-8000-000000000001' });
    const library = reused.organisations.find((o) => o.code === LIBRARY_SERVICE.code)!;
    expect(library.id).toBe('00000000-0000-4000-8000-000000000001');
    expect(reused.people.filter((p) => p.organisationId === library.id)).toHaveLength(4);
  });

  it.each([
    ['winter', WINTER_NOW],
    ['summer', SUMMER_NOW],
  ])('schedules sessions on weekdays at their London wall-clock times (%s)', (_season, now) => {
    const summerPlan: DemoPlan = planDemoData(now);
    const slots = [...PAST_SESSIONS, ...UPCOMING_SESSIONS];
    summerPlan.sessions.forEach((session, index) => {
      const local = DateTime.fromJSDate(session.startsAt, { zone: 'Europe/London' });
      expect(local.weekday).toBeLessThanOrEqual(5);
      expect([local.hour, local.minute]).toEqual([slots[index].startHour, slots[index].startMinute]);
    });
  });

  it('puts no session on a weekend or a Scottish bank holiday, whatever day it is started', () => {
    // Every day of two years, so each holiday and substitute day falls on some session's offset.
    for (let day = 0; day < 2 * 365; day++) {
      const now = new Date(Date.parse('2026-01-01T12:00:00Z') + day * 24 * 3600_000);
      for (const slot of [...PAST_SESSIONS, ...UPCOMING_SESSIONS]) {
        const local = DateTime.fromJSDate(sessionStart(now, slot), { zone: 'Europe/London' });
        expect(local.weekday).toBeLessThanOrEqual(5);
        expect(isScottishBankHoliday(local.toISODate()!)).toBe(false);
      }
    }
  });
});

describe('sessionStart', () => {
  it('moves a Saturday forward to Monday for future days and back to Friday for past days', () => {
    const friday = new Date('2026-10-23T12:00:00Z');
    expect(sessionStart(friday, { dayOffset: 1, startHour: 10, startMinute: 0 }).toISOString()).toBe('2026-10-26T10:00:00.000Z');
    expect(sessionStart(new Date('2026-10-26T12:00:00Z'), { dayOffset: -2, startHour: 10, startMinute: 0 }).toISOString()).toBe(
      '2026-10-23T09:00:00.000Z',
    );
  });

  it("moves past bank holidays: St Andrew's Day, and Christmas with Boxing Day's substitute", () => {
    // Saturday 28 November 2026 → Monday 30 is St Andrew's Day → Tuesday 1 December.
    expect(sessionStart(new Date('2026-11-27T12:00:00Z'), { dayOffset: 1, startHour: 10, startMinute: 0 }).toISOString()).toBe(
      '2026-12-01T10:00:00.000Z',
    );
    // Friday 25 December 2026 (Christmas) forward: Saturday, Sunday, Monday 28 (Boxing Day substitute) → Tuesday 29.
    expect(sessionStart(new Date('2026-12-24T12:00:00Z'), { dayOffset: 1, startHour: 10, startMinute: 0 }).toISOString()).toBe(
      '2026-12-29T10:00:00.000Z',
    );
    // Monday 28 December 2026 backward: past the weekend and Christmas to Thursday 24.
    expect(sessionStart(new Date('2026-12-29T12:00:00Z'), { dayOffset: -1, startHour: 10, startMinute: 0 }).toISOString()).toBe(
      '2026-12-24T10:00:00.000Z',
    );
  });

  it('keeps 10:00 London time across the change to summer time', () => {
    expect(sessionStart(new Date('2027-03-26T12:00:00Z'), { dayOffset: 3, startHour: 10, startMinute: 0 }).toISOString()).toBe(
      '2027-03-29T09:00:00.000Z',
    );
  });
});

describe('emailLocalPart', () => {
  it('folds accents, spaces and apostrophes into a plain address', () => {
    expect(emailLocalPart('Mòrag NicLeòid')).toBe('morag.nicleoid');
    expect(emailLocalPart("Siobhan O'Neill")).toBe('siobhan.oneill');
    expect(emailLocalPart('Dòmhnall Mac an t-Saoir')).toBe('domhnall.macant-saoir');
  });
});
