import { DateTime } from 'luxon';
import type { AttendanceChange } from '../attendance/attendance-change.entity';
import type { AttendanceRecord, AttendanceStatus } from '../attendance/attendance-record.entity';
import type { Booking } from '../bookings/booking.entity';
import type { Course } from '../courses/course.entity';
import type { Organisation } from '../organisations/organisation.entity';
import type { Person } from '../people/person.entity';
import type { TrainingSession } from '../sessions/training-session.entity';
import {
  ADMIN,
  COURSES,
  DEMO_LEARNER_NAME,
  DEMO_SEED,
  DemoCourse,
  DemoOrganisation,
  DemoPersona,
  DemoSessionSlot,
  DemoStaffMember,
  EXCUSED_SHARE_OF_NO_SHOWS,
  FIRST_NAMES,
  GAELIC_NAMES,
  IN_PERSON_LOCATIONS,
  LIBRARY_SERVICE,
  MANAGERS,
  MENTAL_HEALTH_OFFICER_SHARE,
  NEWLY_QUALIFIED_SHARE,
  NO_SHOW_SHARE_OF_UNTRAINED,
  ONLINE_LOCATION,
  ONLINE_URL_BASE,
  PARTNERSHIPS,
  PAST_SESSIONS,
  SECOND_COURSE_SHARE,
  SENIOR_SHARE,
  SOCIAL_WORKERS_PER_PARTNERSHIP,
  SURNAMES,
  TEAMS,
  TRAINERS,
  UPCOMING_SESSIONS,
} from './demo-fixtures';
import { isScottishBankHoliday } from './scottish-bank-holidays';
import { SeededRandom } from './seeded-random';

export const DEMO_TIMEZONE = 'Europe/London';
const DAY_MS = 24 * 3600_000;

export type OrganisationRow = Pick<Organisation, 'id' | 'code' | 'name' | 'createdAt'>;
export type PersonRow = Pick<
  Person,
  | 'id'
  | 'name'
  | 'email'
  | 'emailKey'
  | 'organisationId'
  | 'team'
  | 'jobTitle'
  | 'roles'
  | 'newlyQualified'
  | 'libraryMember'
  | 'active'
  | 'erasedAt'
  | 'createdAt'
  | 'updatedAt'
>;
export type CourseRow = Pick<Course, 'id' | 'title' | 'description' | 'durationMinutes' | 'cpdHours' | 'createdAt' | 'updatedAt'>;
export type SessionRow = Pick<
  TrainingSession,
  | 'id'
  | 'courseId'
  | 'startsAt'
  | 'endsAt'
  | 'timezone'
  | 'location'
  | 'onlineUrl'
  | 'capacity'
  | 'confirmedCount'
  | 'waitlistArrivals'
  | 'status'
  | 'cancelledAt'
  | 'cancellationReason'
  | 'bookingClosesAt'
  | 'waitlistEnabled'
  | 'createdAt'
  | 'updatedAt'
>;
export type BookingRow = Pick<
  Booking,
  'id' | 'sessionId' | 'personId' | 'status' | 'waitlistRank' | 'bookedById' | 'createdAt' | 'confirmedAt' | 'cancelledAt'
>;
export type AttendanceRow = Pick<
  AttendanceRecord,
  'id' | 'sessionId' | 'personId' | 'bookingId' | 'status' | 'walkIn' | 'recordedById' | 'recordedAt'
>;
export type AttendanceChangeRow = Pick<
  AttendanceChange,
  'id' | 'sessionId' | 'personId' | 'oldStatus' | 'newStatus' | 'source' | 'walkIn' | 'changedById' | 'changedAt'
>;

export interface DemoPlan {
  organisations: OrganisationRow[];
  people: PersonRow[];
  courses: CourseRow[];
  sessions: SessionRow[];
  sessionTrainers: { sessionId: string; personId: string }[];
  bookings: BookingRow[];
  attendance: AttendanceRow[];
  attendanceChanges: AttendanceChangeRow[];
  /** The people whose sign-in links are printed, by the role they demonstrate. */
  personas: Record<DemoPersona, PersonRow>;
  /** Cohort and trained people per partnership, as the training report should show them. */
  trainedByPartnership: { code: string; cohort: number; trained: number }[];
}

/** `Seonaidh Mac Giolla Bhrìghde` → `seonaidh.macgiollabhrighde`: accents and spaces folded away. */
export function emailLocalPart(name: string): string {
  const [first, ...rest] = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(' ');
  return [first, rest.join('')].map((part) => part.replace(/[^a-z0-9-]/g, '')).join('.');
}

/** The addresses of the people whose sign-in links are printed; the plan gives them exactly these. */
export function demoPersonaEmails(): Record<DemoPersona, string> {
  const emailOf = (name: string, code: string) =>
    `${emailLocalPart(name)}@${[...PARTNERSHIPS, LIBRARY_SERVICE].find((o) => o.code === code)!.emailDomain}`;
  const staff = [...TRAINERS, ...MANAGERS, ADMIN];
  const member = (persona: DemoPersona) => staff.find((m) => m.persona === persona)!;
  return {
    learner: emailOf(DEMO_LEARNER_NAME, PARTNERSHIPS[0].code),
    trainer: emailOf(member('trainer').name, member('trainer').organisationCode),
    manager: emailOf(member('manager').name, member('manager').organisationCode),
    admin: emailOf(ADMIN.name, ADMIN.organisationCode),
  };
}

/**
 * The start of a session `dayOffset` days from `now`'s date in Europe/London, at a local wall
 * time, moved off weekends and Scottish bank holidays (forward for future days, backward for
 * past ones).
 */
export function sessionStart(now: Date, slot: Pick<DemoSessionSlot, 'dayOffset' | 'startHour' | 'startMinute'>): Date {
  let day = DateTime.fromJSDate(now, { zone: DEMO_TIMEZONE }).startOf('day').plus({ days: slot.dayOffset });
  const step = slot.dayOffset >= 0 ? 1 : -1;
  while (day.weekday > 5 || isScottishBankHoliday(day.toISODate()!)) day = day.plus({ days: step });
  return day.set({ hour: slot.startHour, minute: slot.startMinute }).toJSDate();
}

/**
 * The whole demo data set as rows, computed from `now` and a fixed seed: the same input gives
 * the same rows. Booking counters agree with the bookings (confirmedCount, waitlistArrivals,
 * waitlist ranks 1..n), and every confirmed booking on a past session has a register entry.
 */
export function planDemoData(now: Date, options: { libraryServiceId?: string } = {}): DemoPlan {
  const random = new SeededRandom(DEMO_SEED);
  const since = new Date(now.getTime() - 400 * DAY_MS);

  const organisations = [...PARTNERSHIPS, LIBRARY_SERVICE].map((org) => ({
    id: org === LIBRARY_SERVICE && options.libraryServiceId ? options.libraryServiceId : random.uuid(),
    code: org.code,
    name: org.name,
    createdAt: since,
  }));
  const organisationId = (code: string) => organisations.find((o) => o.code === code)!.id;
  const domainOf = (code: string) => [...PARTNERSHIPS, LIBRARY_SERVICE].find((o) => o.code === code)!.emailDomain;

  const emails = new Set<string>();
  const person = (fields: Omit<PersonRow, 'id' | 'email' | 'emailKey' | 'active' | 'erasedAt' | 'createdAt' | 'updatedAt'> & { name: string }): PersonRow => {
    const base = `${emailLocalPart(fields.name)}@${domainOf(organisations.find((o) => o.id === fields.organisationId)!.code)}`;
    let email = base;
    for (let n = 2; emails.has(email); n++) email = base.replace('@', `${n}@`);
    emails.add(email);
    return { id: random.uuid(), email, emailKey: email, active: true, erasedAt: null, createdAt: since, updatedAt: since, ...fields };
  };
  const staff = (member: DemoStaffMember): PersonRow =>
    person({
      name: member.name,
      organisationId: organisationId(member.organisationCode),
      team: member.team,
      jobTitle: member.jobTitle,
      roles: member.roles,
      newlyQualified: false,
      libraryMember: true,
    });

  const trainers = TRAINERS.map(staff);
  const managers = MANAGERS.map(staff);
  const admin = staff(ADMIN);
  const socialWorkersByPartnership = socialWorkers(random, person, organisationId);
  const allSocialWorkers = PARTNERSHIPS.flatMap((p) => socialWorkersByPartnership.get(p.code)!);
  const demoLearner = allSocialWorkers.find((p) => p.name === DEMO_LEARNER_NAME)!;
  const people = [...trainers, ...managers, admin, ...allSocialWorkers];

  const courses = COURSES.map((course) => ({
    id: random.uuid(),
    title: course.title,
    description: course.description,
    durationMinutes: course.durationMinutes,
    cpdHours: course.cpdHours,
    createdAt: since,
    updatedAt: since,
  }));
  const courseOf = (key: DemoCourse['key']) => courses[COURSES.findIndex((c) => c.key === key)];

  const sessions: SessionRow[] = [];
  const sessionTrainers: DemoPlan['sessionTrainers'] = [];
  const slotOf = new Map<string, DemoSessionSlot>();
  [...PAST_SESSIONS, ...UPCOMING_SESSIONS].forEach((slot, index) => {
    const course = COURSES.find((c) => c.key === slot.course)!;
    const startsAt = sessionStart(now, slot);
    const id = random.uuid();
    const createdAt = new Date(Math.min(startsAt.getTime() - 45 * DAY_MS, now.getTime() - DAY_MS));
    sessions.push({
      id,
      courseId: courseOf(slot.course).id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + course.durationMinutes * 60_000),
      timezone: DEMO_TIMEZONE,
      location: slot.online ? ONLINE_LOCATION : IN_PERSON_LOCATIONS[index % IN_PERSON_LOCATIONS.length],
      onlineUrl: slot.online ? `${ONLINE_URL_BASE}${id.slice(0, 8)}` : null,
      capacity: slot.capacity,
      confirmedCount: 0,
      waitlistArrivals: 0,
      status: 'scheduled',
      cancelledAt: null,
      cancellationReason: null,
      bookingClosesAt: null,
      waitlistEnabled: true,
      createdAt,
      updatedAt: createdAt,
    });
    slotOf.set(id, slot);
    sessionTrainers.push({ sessionId: id, personId: trainers[index % trainers.length].id });
    // Every fourth session is run by two librarians.
    if (index % 4 === 3) sessionTrainers.push({ sessionId: id, personId: trainers[(index + 1) % trainers.length].id });
  });
  const pastSessions = sessions.filter((s) => s.endsAt < now);
  const upcomingSessions = sessions.filter((s) => s.startsAt > now);

  const bookings: BookingRow[] = [];
  const attendance: AttendanceRow[] = [];
  const attendanceChanges: AttendanceChangeRow[] = [];
  const trainerOf = (sessionId: string) => sessionTrainers.find((t) => t.sessionId === sessionId)!.personId;
  const booked = (sessionId: string, personId: string) =>
    bookings.some((b) => b.sessionId === sessionId && b.personId === personId && b.status !== 'cancelled') ||
    attendance.some((a) => a.sessionId === sessionId && a.personId === personId);
  const hasRoom = (session: SessionRow) => session.confirmedCount < session.capacity;

  const record = (session: SessionRow, personId: string, status: AttendanceStatus, bookingId: string | null) => {
    const recordedAt = new Date(session.endsAt.getTime() + 15 * 60_000);
    const recordedById = trainerOf(session.id);
    attendance.push({ id: random.uuid(), sessionId: session.id, personId, bookingId, status, walkIn: bookingId === null, recordedById, recordedAt });
    attendanceChanges.push({
      id: random.uuid(),
      sessionId: session.id,
      personId,
      oldStatus: null,
      newStatus: status,
      source: 'register',
      walkIn: bookingId === null,
      changedById: recordedById,
      changedAt: recordedAt,
    });
  };
  const attendPast = (personId: string, status: AttendanceStatus, course?: DemoCourse['key']) => {
    const candidates = pastSessions.filter(
      (s) => hasRoom(s) && !booked(s.id, personId) && (!course || slotOf.get(s.id)!.course === course),
    );
    const session = random.pick(candidates.length > 0 ? candidates : pastSessions.filter((s) => hasRoom(s) && !booked(s.id, personId)));
    const createdAt = new Date(session.startsAt.getTime() - random.int(2, 40) * DAY_MS);
    const booking = confirmedBooking(random, session, personId, createdAt);
    bookings.push(booking);
    record(session, personId, status, booking.id);
    return session;
  };

  // Who has been trained: a fixed share of each partnership, the demo learner and the
  // manager who is also a learner among them.
  const learnerManager = managers.find((m) => m.roles.includes('learner'))!;
  const untrained: PersonRow[] = [];
  for (const partnership of PARTNERSHIPS) {
    const members = random.shuffle(socialWorkersByPartnership.get(partnership.code)!);
    const trainedCount = Math.round(members.length * SOCIAL_WORKERS_PER_PARTNERSHIP[partnership.code].trainedShare);
    const trained = members.slice(0, trainedCount);
    if (!trained.includes(demoLearner) && members.includes(demoLearner)) trained[0] = demoLearner;
    for (const learner of trained) {
      const firstCourse = learner === demoLearner ? 'searching' : random.weighted(COURSE_WEIGHTS).key;
      const first = attendPast(learner.id, 'attended', firstCourse);
      if (learner !== demoLearner && random.chance(SECOND_COURSE_SHARE)) {
        const other = random.pick(COURSES.filter((c) => c.key !== slotOf.get(first.id)!.course)).key;
        attendPast(learner.id, random.chance(0.8) ? 'attended' : 'absent', other);
      }
    }
    untrained.push(...members.filter((m) => !trained.includes(m)));
  }
  attendPast(learnerManager.id, 'attended', 'induction');

  for (const learner of untrained.slice(0, Math.round(untrained.length * NO_SHOW_SHARE_OF_UNTRAINED))) {
    attendPast(learner.id, random.chance(EXCUSED_SHARE_OF_NO_SHOWS) ? 'excused' : 'absent');
  }
  // One cancelled booking and one walk-in, as real registers have.
  const cancelling = untrained[untrained.length - 1];
  const cancelledFrom = pastSessions[pastSessions.length - 1];
  bookings.push({
    id: random.uuid(),
    sessionId: cancelledFrom.id,
    personId: cancelling.id,
    status: 'cancelled',
    waitlistRank: null,
    bookedById: cancelling.id,
    createdAt: new Date(cancelledFrom.startsAt.getTime() - 20 * DAY_MS),
    confirmedAt: new Date(cancelledFrom.startsAt.getTime() - 20 * DAY_MS),
    cancelledAt: new Date(cancelledFrom.startsAt.getTime() - 2 * DAY_MS),
  });
  const walkIn = untrained[untrained.length - 2];
  const walkInSession = pastSessions.find((s) => hasRoom(s) && !booked(s.id, walkIn.id))!;
  record(walkInSession, walkIn.id, 'attended', null);

  // Upcoming sessions: the not-yet-trained book first; the demo learner holds one booking.
  const attendedCourses = (personId: string) =>
    new Set(attendance.filter((a) => a.personId === personId && a.status === 'attended').map((a) => slotOf.get(a.sessionId)!.course));
  const stillUntrained = random.shuffle(untrained.filter((p) => p !== walkIn));
  const trainedLearners = random.shuffle(allSocialWorkers.filter((p) => !stillUntrained.includes(p) && p !== demoLearner));
  for (const session of upcomingSessions) {
    const slot = slotOf.get(session.id)!;
    const wanted = (slot.confirmed ?? 0) + (slot.waitlisted ?? 0);
    const takers: PersonRow[] = [];
    if (slot.course === 'evidence' && !upcomingBooking(bookings, upcomingSessions, demoLearner.id)) takers.push(demoLearner);
    const pool = [...stillUntrained, ...trainedLearners.filter((p) => !attendedCourses(p.id).has(slot.course))];
    for (const candidate of pool) {
      if (takers.length >= wanted) break;
      if (!takers.includes(candidate) && !upcomingBooking(bookings, upcomingSessions, candidate.id)) takers.push(candidate);
    }
    // Booked between the session's publication (or 25 days ago) and an hour ago, in arrival order.
    const earliest = Math.max(session.createdAt.getTime(), now.getTime() - 25 * DAY_MS);
    const span = Math.max(1, Math.floor((now.getTime() - 3600_000 - earliest) / 60_000));
    const times = takers.map(() => earliest + random.int(1, span) * 60_000).sort((a, b) => a - b);
    takers.forEach((taker, i) => {
      const createdAt = new Date(times[i]);
      if (i < (slot.confirmed ?? 0)) {
        const booking = confirmedBooking(random, session, taker.id, createdAt);
        // Managers book on behalf of their own people now and then.
        const manager = managers.find((m) => m.organisationId === taker.organisationId && m !== taker);
        if (manager && random.chance(0.25)) booking.bookedById = manager.id;
        bookings.push(booking);
      } else {
        session.waitlistArrivals += 1;
        bookings.push({
          id: random.uuid(),
          sessionId: session.id,
          personId: taker.id,
          status: 'waitlisted',
          waitlistRank: session.waitlistArrivals,
          bookedById: taker.id,
          createdAt,
          confirmedAt: null,
          cancelledAt: null,
        });
      }
    });
  }

  const trainedByPartnership = PARTNERSHIPS.map((partnership) => {
    const cohort = people.filter((p) => p.organisationId === organisationId(partnership.code) && p.roles.includes('learner'));
    const trained = cohort.filter((p) => attendance.some((a) => a.personId === p.id && a.status === 'attended'));
    return { code: partnership.code, cohort: cohort.length, trained: trained.length };
  });

  return {
    organisations,
    people,
    courses,
    sessions,
    sessionTrainers,
    bookings,
    attendance,
    attendanceChanges,
    personas: { learner: demoLearner, trainer: trainers[0], manager: managers[0], admin },
    trainedByPartnership,
  };
}

const COURSE_WEIGHTS: (DemoCourse & { weight: number })[] = COURSES.map((course) => ({
  ...course,
  weight: { searching: 5, evidence: 3, induction: 2 }[course.key],
}));

/** Takes a seat: the counter and the booking move together, as the bookings service does. */
function confirmedBooking(random: SeededRandom, session: SessionRow, personId: string, createdAt: Date): BookingRow {
  if (session.confirmedCount >= session.capacity) throw new Error(`demo plan overbooked session ${session.id}`);
  session.confirmedCount += 1;
  return {
    id: random.uuid(),
    sessionId: session.id,
    personId,
    status: 'confirmed',
    waitlistRank: null,
    bookedById: personId,
    createdAt,
    confirmedAt: createdAt,
    cancelledAt: null,
  };
}

function upcomingBooking(bookings: BookingRow[], upcoming: SessionRow[], personId: string): boolean {
  return bookings.some((b) => b.personId === personId && b.status !== 'cancelled' && upcoming.some((s) => s.id === b.sessionId));
}

type MakePerson = (
  fields: Omit<PersonRow, 'id' | 'email' | 'emailKey' | 'active' | 'erasedAt' | 'createdAt' | 'updatedAt'> & { name: string },
) => PersonRow;

/** The social workers of each partnership: generated names, a few in Gaelic, spread over the teams. */
function socialWorkers(random: SeededRandom, person: MakePerson, organisationId: (code: string) => string): Map<string, PersonRow[]> {
  const reserved = new Set([...TRAINERS, ...MANAGERS, ADMIN].map((m) => m.name));
  const generated = random
    .shuffle(FIRST_NAMES.flatMap((first) => SURNAMES.map((surname) => `${first} ${surname}`)))
    .filter((name) => !reserved.has(name));
  const total = PARTNERSHIPS.reduce((sum, p) => sum + SOCIAL_WORKERS_PER_PARTNERSHIP[p.code].count, 0);
  // The demo learner is the first name of all; the other Gaelic names land at random places.
  const names = generated.slice(0, total - GAELIC_NAMES.length);
  for (const gaelic of GAELIC_NAMES.slice(1)) names.splice(random.int(1, names.length), 0, gaelic);
  names.unshift(DEMO_LEARNER_NAME);

  const byPartnership = new Map<string, PersonRow[]>();
  let next = 0;
  for (const partnership of PARTNERSHIPS as DemoOrganisation[]) {
    const members: PersonRow[] = [];
    for (let i = 0; i < SOCIAL_WORKERS_PER_PARTNERSHIP[partnership.code].count; i++) {
      const team = random.weighted(TEAMS).name;
      const newlyQualified = random.chance(NEWLY_QUALIFIED_SHARE);
      const jobTitle =
        !newlyQualified && random.chance(SENIOR_SHARE)
          ? 'Senior Social Worker'
          : team === 'Mental Health' && !newlyQualified && random.chance(MENTAL_HEALTH_OFFICER_SHARE)
            ? 'Mental Health Officer'
            : 'Social Worker';
      members.push(
        person({
          name: names[next++],
          organisationId: organisationId(partnership.code),
          team,
          jobTitle,
          roles: ['learner'],
          newlyQualified,
          libraryMember: random.chance(0.5),
        }),
      );
    }
    byPartnership.set(partnership.code, members);
  }
  return byPartnership;
}
