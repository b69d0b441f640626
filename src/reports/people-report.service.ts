import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import type { Page } from '../common/pagination.dto';
import { Transactions } from '../database/transactions';
import { CsvColumn, CsvDownload, csvStream } from './csv-export';
import type { NextBookingDto, PersonTrainingDto } from './dto/people-report.dto';
import type { PeopleReportQueryDto } from './dto/report-query.dto';
import { localDate, REPORT_ZONE } from './report-definitions';
import { resolveReportFilter } from './report-scope';
import { asCount, asInstant, cohortCondition, countedSessionCondition, filterParameters, ReportFilter, runQuery } from './report-sql';

/** People per database round trip while streaming a CSV: large enough to be quick, small enough to keep memory flat. */
const EXPORT_BATCH_SIZE = 1000;

interface PersonRow {
  id: string;
  name: string | null;
  email: string | null;
  emailKey: string | null;
  organisationId: string;
  organisation: string;
  team: string | null;
}

interface PeopleSelection {
  filter: ReportFilter;
  trained?: boolean;
}

/** Where a keyset walk stands: people with an address are walked by address, then erased people by id. */
type Cursor = { phase: 'addressed'; after: string | null } | { phase: 'erased'; after: string | null };

/** A row of the CSV: the JSON row with its next booking spread over columns of its own. */
type PersonTrainingCsvRow = Omit<PersonTrainingDto, 'nextBooking'> & {
  nextCourse: string | null;
  nextStartsAt: Date | null;
  nextStatus: string | null;
  nextSessionId: string | null;
};

/** What a person reads first, under headings a spreadsheet user understands; ids at the end, for merging. */
const CSV_COLUMNS: Array<CsvColumn<PersonTrainingCsvRow>> = [
  { key: 'name', header: 'Name' },
  { key: 'email', header: 'E-mail' },
  { key: 'organisation', header: 'Organisation' },
  { key: 'team', header: 'Team' },
  { key: 'trained', header: 'Trained' },
  { key: 'sessionsAttended', header: 'Sessions attended' },
  { key: 'walkIns', header: 'Walk-ins' },
  { key: 'lastAttendedAt', header: 'Last attended (UTC)' },
  { key: 'nextCourse', header: 'Next booking: course' },
  { key: 'nextStartsAt', header: 'Next booking: starts (UTC)' },
  { key: 'nextStatus', header: 'Next booking: status' },
  { key: 'personId', header: 'Person ID' },
  { key: 'organisationId', header: 'Organisation ID' },
  { key: 'nextSessionId', header: 'Next booking: session ID' },
];

function csvRow({ nextBooking, ...row }: PersonTrainingDto): PersonTrainingCsvRow {
  return {
    ...row,
    nextCourse: nextBooking?.courseTitle ?? null,
    nextStartsAt: nextBooking?.startsAt ?? null,
    nextStatus: nextBooking?.status ?? null,
    nextSessionId: nextBooking?.sessionId ?? null,
  };
}

/** One row per cohort member: trained or not, so a manager can follow up whoever is not yet. */
@Injectable()
export class PeopleReportService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /**
   * One page of rows, by e-mail address (the API's order) or by team: organisation, team
   * (no team last), then name, erased people last in each team, for a page that lists people
   * under their teams' headings.
   */
  page(actor: Actor, query: PeopleReportQueryDto, order: PeopleReportOrder = 'email'): Promise<Page<PersonTrainingDto>> {
    return this.transactions.read(async (manager) => {
      const selection = { filter: await resolveReportFilter(manager, actor, query), trained: query.trained };
      const { where, parameters } = peopleWhere(selection);
      const [{ total }] = await runQuery<{ total: unknown }>(manager, `SELECT COUNT(*) AS total FROM person p WHERE ${where}`, parameters);
      const people = await runQuery<PersonRow>(
        manager,
        `${PEOPLE_SELECT} WHERE ${where}
         ORDER BY ${PAGE_ORDER[order]}
         LIMIT :limit OFFSET :offset`,
        { ...parameters, limit: query.limit, offset: query.offset },
      );
      return { items: await withAttendance(manager, selection.filter, people, this.clock.now()), total: asCount(total) };
    });
  }

  /**
   * Every row as CSV, read in keyset batches (each its own short read, so other requests are
   * served in between) and written as they come: memory stays flat for any number of people.
   * Scope and parameters are checked before the first byte, so errors still get a status.
   */
  async csv(actor: Actor, query: PeopleReportQueryDto): Promise<CsvDownload> {
    const filter = await this.transactions.read((manager) => resolveReportFilter(manager, actor, query));
    return {
      filename: `training-people-${localDate(this.clock.now(), REPORT_ZONE)}.csv`,
      stream: csvStream(CSV_COLUMNS, this.allRows({ filter, trained: query.trained })),
    };
  }

  private async *allRows(selection: PeopleSelection): AsyncGenerator<PersonTrainingCsvRow> {
    let cursor: Cursor | null = { phase: 'addressed', after: null };
    while (cursor) {
      const position: Cursor = cursor;
      const batch = await this.transactions.read(async (manager) => {
        const people = await nextPeople(manager, selection, position);
        return { people, rows: await withAttendance(manager, selection.filter, people, this.clock.now()) };
      });
      yield* batch.rows.map(csvRow);
      cursor = nextCursor(position, batch.people);
    }
  }
}

export type PeopleReportOrder = 'email' | 'team';

const PAGE_ORDER: Record<PeopleReportOrder, string> = {
  email: 'CASE WHEN p."emailKey" IS NULL THEN 1 ELSE 0 END, p."emailKey", p.id',
  // searchText is the folded name first, so names sort alike whatever their case or accents.
  team: `o.name, o.id, CASE WHEN p.team IS NULL OR p.team = '' THEN 1 ELSE 0 END, p.team,
         CASE WHEN p."searchText" IS NULL THEN 1 ELSE 0 END, p."searchText", p.id`,
};

const PEOPLE_SELECT = `
  SELECT p.id AS id, p.name AS name, p.email AS email, p."emailKey" AS "emailKey", p."organisationId" AS "organisationId",
         o.name AS organisation, p.team AS team
  FROM person p JOIN organisation o ON o.id = p."organisationId"`;

function peopleWhere(selection: PeopleSelection): { where: string; parameters: Record<string, unknown> } {
  const { filter, trained } = selection;
  const attended = `EXISTS (
    SELECT 1 FROM attendance_record ar JOIN training_session s ON s.id = ar."sessionId"
    WHERE ar."personId" = p.id AND ar.status = 'attended' AND ${countedSessionCondition(filter)})`;
  const trainedCondition = trained === undefined ? '' : ` AND ${trained ? '' : 'NOT '}${attended}`;
  return { where: `${cohortCondition(filter)}${trainedCondition}`, parameters: filterParameters(filter) };
}

async function nextPeople(manager: EntityManager, selection: PeopleSelection, cursor: Cursor): Promise<PersonRow[]> {
  const { where, parameters } = peopleWhere(selection);
  // Both walks follow a unique index (emailKey, id), so each batch is an index range read.
  const keyset =
    cursor.phase === 'addressed'
      ? `p."emailKey" IS NOT NULL${cursor.after === null ? '' : ' AND p."emailKey" > :after'} ORDER BY p."emailKey"`
      : `p."emailKey" IS NULL${cursor.after === null ? '' : ' AND p.id > :after'} ORDER BY p.id`;
  return runQuery<PersonRow>(manager, `${PEOPLE_SELECT} WHERE ${where} AND ${keyset} LIMIT ${EXPORT_BATCH_SIZE}`, {
    ...parameters,
    after: cursor.after,
  });
}

function nextCursor(cursor: Cursor, batch: PersonRow[]): Cursor | null {
  const last = batch.at(-1);
  if (cursor.phase === 'addressed') {
    return batch.length === EXPORT_BATCH_SIZE ? { phase: 'addressed', after: last!.emailKey } : { phase: 'erased', after: null };
  }
  return batch.length === EXPORT_BATCH_SIZE ? { phase: 'erased', after: last!.id } : null;
}

/** Sessions attended (walk-ins among them), the latest of them and the next booking, for one batch of people: two queries. */
async function withAttendance(manager: EntityManager, filter: ReportFilter, people: PersonRow[], now: Date): Promise<PersonTrainingDto[]> {
  if (people.length === 0) return [];
  const personIds = people.map((p) => p.id);
  const stats = await runQuery<{ personId: string; attended: unknown; walkIns: unknown; lastAttendedAt: unknown }>(
    manager,
    `SELECT ar."personId" AS "personId", COUNT(*) AS attended, SUM(CASE WHEN ar."walkIn" = TRUE THEN 1 ELSE 0 END) AS "walkIns",
            MAX(s."startsAt") AS "lastAttendedAt"
     FROM attendance_record ar JOIN training_session s ON s.id = ar."sessionId"
     WHERE ar."personId" IN (:...personIds) AND ar.status = 'attended' AND ${countedSessionCondition(filter)}
     GROUP BY ar."personId"`,
    { ...filterParameters(filter), personIds },
  );
  const byPerson = new Map(stats.map((s) => [s.personId, s]));
  const nextBookings = await nextBookingsOf(manager, personIds, filter.courseId, now);
  return people.map((person) => {
    const attended = byPerson.get(person.id);
    const sessionsAttended = asCount(attended?.attended);
    return {
      personId: person.id,
      name: person.name,
      email: person.email,
      organisationId: person.organisationId,
      organisation: person.organisation,
      team: person.team,
      trained: sessionsAttended > 0,
      sessionsAttended,
      walkIns: asCount(attended?.walkIns),
      lastAttendedAt: asInstant(attended?.lastAttendedAt),
      nextBooking: nextBookings.get(person.id) ?? null,
    };
  });
}

/** Each person's active booking of the soonest scheduled session starting after `now` (of the course, if given). */
async function nextBookingsOf(manager: EntityManager, personIds: string[], courseId: string | null, now: Date): Promise<Map<string, NextBookingDto>> {
  const rows = await runQuery<{ personId: string; sessionId: string; courseTitle: string; startsAt: unknown; status: NextBookingDto['status'] }>(
    manager,
    `SELECT "personId", "sessionId", "courseTitle", "startsAt", status FROM (
       SELECT b."personId" AS "personId", b."sessionId" AS "sessionId", c.title AS "courseTitle", s."startsAt" AS "startsAt", b.status AS status,
              ROW_NUMBER() OVER (PARTITION BY b."personId" ORDER BY s."startsAt", s.id) AS soonest
       FROM booking b JOIN training_session s ON s.id = b."sessionId" JOIN course c ON c.id = s."courseId"
       WHERE b."personId" IN (:...personIds) AND b.status IN ('confirmed', 'waitlisted') AND s.status = 'scheduled'
         AND s."startsAt" > :now${courseId ? ' AND s."courseId" = :courseId' : ''}
     ) upcoming WHERE soonest = 1`,
    { personIds, now, courseId },
  );
  return new Map(
    rows.map((row) => [row.personId, { sessionId: row.sessionId, courseTitle: row.courseTitle, startsAt: asInstant(row.startsAt)!, status: row.status }]),
  );
}
