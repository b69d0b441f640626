import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthToken } from '../../src/auth/auth-token.entity';
import { hashSecret, newSecret } from '../../src/auth/secrets';
import { Course } from '../../src/courses/course.entity';
import { Organisation } from '../../src/organisations/organisation.entity';
import { Person, Role } from '../../src/people/person.entity';
import { personSearchText } from '../../src/people/person-search';
import { TrainingSession } from '../../src/sessions/training-session.entity';

/**
 * Test data written straight to the database, with overrides. Each call makes unique codes and
 * addresses, so tests in one file never collide.
 */
let sequence = 0;
const next = () => `${Date.now().toString(36)}${(sequence++).toString(36)}`;

export async function makeOrganisation(db: DataSource, overrides: Partial<Organisation> = {}): Promise<Organisation> {
  const id = next();
  return db.getRepository(Organisation).save({
    code: `ORG${id}`.slice(0, 32).toUpperCase(),
    name: `Organisation ${id}`,
    createdAt: new Date(),
    ...overrides,
  });
}

export async function makePerson(
  db: DataSource,
  overrides: Partial<Person> & { organisationId: string },
): Promise<Person> {
  const id = next();
  const email = overrides.email === undefined ? `person.${id}@example.test` : overrides.email;
  const name = overrides.name === undefined ? `Person ${id}` : overrides.name;
  return db.getRepository(Person).save({
    name,
    email,
    emailKey: email?.toLowerCase() ?? null,
    searchText: personSearchText({ name, email }),
    team: null,
    jobTitle: null,
    roles: ['learner'] as Role[],
    newlyQualified: false,
    libraryMember: false,
    active: true,
    erasedAt: null,
    calendarFeedToken: null,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...overrides,
  });
}

/** An access token for the person, as if they had signed in: use as `Authorization: Bearer …`. */
export async function signIn(db: DataSource, person: Person, ttlMs = 3600_000 * 24 * 365): Promise<string> {
  const secret = newSecret();
  await db.getRepository(AuthToken).save({
    personId: person.id,
    kind: 'access',
    tokenHash: hashSecret(secret),
    name: null,
    expiresAt: new Date(Date.now() + ttlMs),
    usedAt: null,
    revokedAt: null,
    createdAt: new Date(),
  });
  return secret;
}

export interface SignedInPerson {
  person: Person;
  token: string;
  auth: { Authorization: string };
}

/** A person with the given roles and a ready `Authorization` header. */
export async function makeSignedIn(
  db: DataSource,
  organisationId: string,
  roles: Role[],
  overrides: Partial<Person> = {},
): Promise<SignedInPerson> {
  const person = await makePerson(db, { organisationId, roles, ...overrides });
  const token = await signIn(db, person);
  return { person, token, auth: { Authorization: `Bearer ${token}` } };
}

export async function makeCourse(db: DataSource, overrides: Partial<Course> = {}): Promise<Course> {
  return db.getRepository(Course).save({
    title: `Literature searching ${next()}`,
    description: null,
    durationMinutes: 120,
    cpdHours: 2,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...overrides,
  });
}

/** A scheduled session a week from `now` unless told otherwise, with the given trainers. */
export async function makeSession(
  db: DataSource,
  overrides: Partial<TrainingSession> & { courseId: string; trainerIds?: string[]; now?: Date },
): Promise<TrainingSession> {
  const { trainerIds = [], now = new Date(), ...fields } = overrides;
  const startsAt = fields.startsAt ?? new Date(now.getTime() + 7 * 24 * 3600_000);
  const session = await db.getRepository(TrainingSession).save({
    id: randomUUID(),
    startsAt,
    endsAt: new Date(startsAt.getTime() + 2 * 3600_000),
    timezone: 'Europe/London',
    location: 'Crosshouse Hospital library',
    onlineUrl: null,
    capacity: 10,
    confirmedCount: 0,
    waitlistArrivals: 0,
    status: 'scheduled' as const,
    cancelledAt: null,
    cancellationReason: null,
    bookingOpensAt: null,
    bookingClosesAt: null,
    waitlistEnabled: true,
    checkInCode: null,
    createdAt: now,
    updatedAt: now,
    ...fields,
  });
  for (const personId of trainerIds) {
    await db.query(
      db.options.type === 'postgres'
        ? 'INSERT INTO session_trainer ("sessionId", "personId") VALUES ($1, $2)'
        : 'INSERT INTO session_trainer ("sessionId", "personId") VALUES (?, ?)',
      [session.id, personId],
    );
  }
  return session;
}

export interface Roster {
  trainer: SignedInPerson;
  otherTrainer: SignedInPerson;
  admin: SignedInPerson;
  manager: SignedInPerson;
  learner: SignedInPerson;
}

/** One signed-in person per role in the organisation, plus a second trainer who trains nothing. */
export async function makeRoster(db: DataSource, organisationId: string): Promise<Roster> {
  return {
    trainer: await makeSignedIn(db, organisationId, ['trainer']),
    otherTrainer: await makeSignedIn(db, organisationId, ['trainer']),
    admin: await makeSignedIn(db, organisationId, ['admin']),
    manager: await makeSignedIn(db, organisationId, ['manager']),
    learner: await makeSignedIn(db, organisationId, ['learner']),
  };
}
