import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DateTime } from 'luxon';
import { EntityManager, EntityTarget, In, IsNull, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AttendanceChange } from '../attendance/attendance-change.entity';
import { AttendanceRecord } from '../attendance/attendance-record.entity';
import { CredentialsService } from '../auth/credentials.service';
import { MAGIC_LINK_TTL_MS } from '../auth/magic-link-policy';
import { Booking } from '../bookings/booking.entity';
import { Clock } from '../common/clock';
import { LogOutput } from '../common/logging';
import { Environment } from '../config/environment';
import { Course } from '../courses/course.entity';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { Organisation } from '../organisations/organisation.entity';
import { Person } from '../people/person.entity';
import { personSearchText } from '../people/person-search';
import { TrainingSession } from '../sessions/training-session.entity';
import { DemoPersona, LIBRARY_SERVICE } from './demo-fixtures';
import { DEMO_TIMEZONE, DemoPlan, demoPersonaEmails, planDemoData } from './demo-plan';

export type SeedOutcome =
  | { seeded: true; plan: DemoPlan }
  | { seeded: false; reason: 'not empty' | 'seeded by another instance' };

export interface DemoSignInLink {
  persona: DemoPersona;
  name: string;
  organisationCode: string;
  /** Opens the web sign-in: GET /auth/callback exchanges the token and sets the session cookie. */
  url: string;
}

export interface DemoSignIn {
  links: DemoSignInLink[];
  /** A separate one-time token per persona for `POST /api/auth/token`, so API clients need no browser. */
  apiTokens: Array<{ persona: DemoPersona; token: string }>;
  expiresAt: Date;
}

const NOT_SEEDED_BECAUSE: Record<Extract<SeedOutcome, { seeded: false }>['reason'], string> = {
  'not empty': 'the database already holds data',
  'seeded by another instance': 'another instance has just seeded it',
};
const PERSONA_ORDER: DemoPersona[] = ['learner', 'trainer', 'manager', 'admin'];
/** Rows per INSERT: far below both databases' bound-parameter limits. */
const INSERT_CHUNK = 100;

/**
 * DEMO_DATA=true: fills an empty database with the Ayrshire demo data set (one transaction) and,
 * on every start, prints ready sign-in links for a demo learner, trainer, manager and admin.
 */
@Injectable()
export class DemoDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly transactions: Transactions,
    private readonly credentials: CredentialsService,
    private readonly clock: Clock,
    private readonly environment: Environment,
    private readonly httpAdapterHost: HttpAdapterHost,
    private readonly logOutput: LogOutput,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.environment.DEMO_DATA) return;
    const outcome = await this.seedIfEmpty();
    if (outcome.seeded) {
      this.logger.log(describeSeed(outcome.plan, this.clock.now()));
    } else {
      this.logger.log(`Demo data not seeded: ${NOT_SEEDED_BECAUSE[outcome.reason]}.`);
    }
    const signIn = await this.issueSignInLinks();
    if (signIn.links.length === 0) {
      this.logger.warn('No demo people found in this database, so there are no sign-in links to print.');
      return;
    }
    // Printed once the server listens: after the start-up log lines Nest holds back until then,
    // so they do not scroll the block away, and its address already answers.
    this.httpAdapterHost.listen$.subscribe(() => this.logOutput.write(signInText(signIn, this.environment.publicUrl)));
  }

  /**
   * Seeds the whole data set in one transaction when the database holds no organisations and no
   * courses. The library service organisation may already exist (the ADMIN_EMAIL bootstrap
   * creates it); it is reused.
   */
  async seedIfEmpty(): Promise<SeedOutcome> {
    try {
      return await this.transactions.run(async (manager): Promise<SeedOutcome> => {
        const organisations = await manager.find(Organisation);
        const library = organisations.find((o) => o.code === LIBRARY_SERVICE.code);
        if (organisations.length > (library ? 1 : 0) || (await manager.count(Course)) > 0) {
          return { seeded: false, reason: 'not empty' };
        }
        const plan = planDemoData(this.clock.now(), { libraryServiceId: library?.id });
        await insertAll(manager, Organisation, plan.organisations.filter((o) => o.id !== library?.id));
        await insertAll(manager, Person, plan.people.map((person) => ({ ...person, searchText: personSearchText(person) })));
        await insertAll(manager, Course, plan.courses);
        await insertAll(manager, TrainingSession, plan.sessions);
        for (const session of plan.sessions) {
          const trainerIds = plan.sessionTrainers.filter((t) => t.sessionId === session.id).map((t) => t.personId);
          await manager.createQueryBuilder().relation(TrainingSession, 'trainers').of(session.id).add(trainerIds);
        }
        await insertAll(manager, Booking, plan.bookings);
        await insertAll(manager, AttendanceRecord, plan.attendance);
        await insertAll(manager, AttendanceChange, plan.attendanceChanges);
        return { seeded: true, plan };
      });
    } catch (error) {
      // Two instances started together on one empty PostgreSQL database: the other one won.
      if (isUniqueViolation(error)) return { seeded: false, reason: 'seeded by another instance' };
      throw error;
    }
  }

  /** One-time magic links (15 minutes, stored hashed) for the demo personas that still exist. */
  async issueSignInLinks(): Promise<DemoSignIn> {
    const emails = demoPersonaEmails();
    return this.transactions.run(async (manager) => {
      const people = await manager.find(Person, {
        where: { emailKey: In(Object.values(emails)), erasedAt: IsNull(), active: true },
        relations: { organisation: true },
      });
      const personas = PERSONA_ORDER.flatMap((persona) => {
        const person = people.find((p) => p.emailKey === emails[persona]);
        return person ? [{ persona, person }] : [];
      });
      const issue = (person: Person) => this.credentials.issue(manager, person.id, 'magic', { ttlMs: MAGIC_LINK_TTL_MS });
      const links: DemoSignInLink[] = [];
      const apiTokens: DemoSignIn['apiTokens'] = [];
      for (const { persona, person } of personas) {
        const { secret } = await issue(person);
        links.push({
          persona,
          name: person.name ?? '',
          organisationCode: person.organisation?.code ?? '',
          url: `${this.environment.publicUrl}/auth/callback?token=${encodeURIComponent(secret)}`,
        });
        apiTokens.push({ persona, token: (await issue(person)).secret });
      }
      return { links, apiTokens, expiresAt: new Date(this.clock.now().getTime() + MAGIC_LINK_TTL_MS) };
    });
  }
}

async function insertAll<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: QueryDeepPartialEntity<T>[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    await manager.insert(entity, rows.slice(start, start + INSERT_CHUNK));
  }
}

function describeSeed(plan: DemoPlan, now: Date): string {
  const past = plan.sessions.filter((s) => s.endsAt < now);
  const trained = plan.trainedByPartnership.map((p) => `${p.code} ${p.trained} of ${p.cohort}`).join(', ');
  return (
    `Demo data seeded: ${plan.organisations.length} organisations, ${plan.people.length} people, ${plan.courses.length} courses, ` +
    `${past.length} past and ${plan.sessions.length - past.length} upcoming sessions, ${plan.bookings.length} bookings, ` +
    `${plan.attendance.length} register entries. Trained so far: ${trained}.`
  );
}

/**
 * How to sign in as each demo person, in a browser or with curl, framed by blank lines: plain text
 * for a person at a terminal, written in one piece through the log's own stream (LogOutput), so
 * it comes out in order with the JSON lines rather than inside one.
 */
function signInText({ links, apiTokens, expiresAt }: DemoSignIn, url: string): string {
  const until = DateTime.fromJSDate(expiresAt, { zone: DEMO_TIMEZONE }).toFormat('HH:mm ZZZZ');
  const lines = [
    '',
    `Demo service: ${url}   API documentation: ${url}/api/docs`,
    '',
    `Sign in as a demo person by opening a link (each works once, until ${until}; restart for new ones):`,
    ...links.map((link) => `  ${link.persona.padEnd(8)} ${`${link.name} (${link.organisationCode})`.padEnd(44)} ${link.url}`),
    '',
    `API access for curl, one command per person (each works once; the answer's accessToken goes in "Authorization: Bearer …"):`,
    ...apiTokens.map(
      ({ persona, token }) =>
        `  ${persona.padEnd(8)} curl -X POST ${url}/api/auth/token -H 'content-type: application/json' -d '${JSON.stringify({ token })}'`,
    ),
    '',
  ];
  return `${lines.join('\n')}\n`;
}
