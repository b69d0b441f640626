import { Injectable } from '@nestjs/common';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { CredentialCache } from '../auth/credential-cache';
import { Clock } from '../common/clock';
import { AccountMailer } from '../notifications/account-mailer.service';
import { ConflictError } from '../common/domain-error';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { Organisation } from '../organisations/organisation.entity';
import { CSV_UPLOAD_LIMIT_BYTES, CsvUpload } from './csv-body.decorator';
import { receiveCsvText } from './csv-text';
import type { PeopleImportLineDto, PeopleImportResultDto } from './dto/people-import.dto';
import { checkPeopleCsv, PeopleCsvRow, peopleCsvRows } from './people-csv';
import { fieldsFromFile, ImportAction, LineOutcome, outcomeOf } from './people-import-plan';
import { InvalidPeopleCsvError } from './people.errors';
import { PersonTable } from './people-import-sql';
import type { Role } from './person.entity';
import { personSearchText } from './person-search';

/**
 * Rows per statement and per turn of the event loop: well under both databases' bound-parameter
 * limits, and short enough (a few milliseconds) that other requests are answered in between.
 */
const BATCH = 250;

export interface PeopleImportOptions {
  /** Who imports: an import is recorded in the audit log with its counts. */
  actor: Actor;
  /** Check and report, writing nothing. */
  dryRun: boolean;
  /** Dry run: which lines to list, in file order. */
  action?: ImportAction;
  offset: number;
  limit: number;
  /** Import: e-mail the people it adds a welcome (what the service is, how to sign in), in the same transaction. */
  welcome?: boolean;
}

type Counts = Pick<PeopleImportResultDto, 'created' | 'updated' | 'unchanged'>;

/** Upserts people from an HR export, by e-mail address: all of the file or none of it. */
@Injectable()
export class PeopleImportService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly accountMailer: AccountMailer,
    private readonly audit: AuditService,
    private readonly credentialCache: CredentialCache,
  ) {}

  /** Reads the upload (after authentication: the controller's caller is an admin), checks every row, then imports or previews. */
  async import(upload: CsvUpload, options: PeopleImportOptions): Promise<PeopleImportResultDto> {
    const organisations = await this.transactions.read((manager) => manager.find(Organisation));
    const organisationIds = new Map(organisations.map((o) => [o.code.toUpperCase(), o.id]));
    const text = await receiveCsvText(upload, CSV_UPLOAD_LIMIT_BYTES);
    const check = await checkPeopleCsv(text.pieces(), organisationIds);
    if (check.errorCount > 0) throw new InvalidPeopleCsvError(check.errors, check.errorCount, check.badLineCount);

    // The rows are read again from the text batch by batch, never all held at once.
    const batches = () => peopleCsvRows(text.pieces(), organisationIds, BATCH);
    const codes = new Map(organisations.map((o) => [o.id, o.code]));
    const organisationCode = (id: string) => codes.get(id) ?? id;
    return options.dryRun ? this.preview(batches(), organisationCode, options) : this.apply(batches, organisationCode, options.actor, options.welcome ?? false);
  }

  /** What the import would do, line by line; the reads go batch by batch, so writers are held up by one batch at most. */
  private async preview(
    batches: AsyncIterable<PeopleCsvRow[]>,
    organisationCode: (id: string) => string,
    options: PeopleImportOptions,
  ): Promise<PeopleImportResultDto> {
    const counts = emptyCounts();
    const lines: PeopleImportLineDto[] = [];
    let listable = 0;
    for await (const batch of batches) {
      const existing = await this.transactions.read((manager) =>
        new PersonTable((sql, parameters) => manager.query(sql, parameters), this.transactions.dataSource).findByAddress(batch.map((row) => row.emailKey)),
      );
      for (const row of batch) {
        const outcome = outcomeOf(row, existing.get(row.emailKey), organisationCode);
        count(counts, outcome.action);
        if (options.action && outcome.action !== options.action) continue;
        if (listable >= options.offset && lines.length < options.limit) lines.push(lineOf(outcome));
        listable++;
      }
    }
    return { ...counts, lines };
  }

  /** Writes the file in one transaction, batch by batch; lines that change nothing write nothing. */
  private async apply(batches: () => AsyncIterable<PeopleCsvRow[]>, organisationCode: (id: string) => string, actor: Actor, welcome: boolean): Promise<Counts> {
    try {
      const counts = await this.transactions.runBulk(async (query) => {
        const people = new PersonTable(query, this.transactions.dataSource);
        const counts = emptyCounts();
        const now = this.clock.now();
        for await (const batch of batches()) {
          const existing = await people.findByAddress(batch.map((row) => row.emailKey));
          const outcomes = batch.map((row) => outcomeOf(row, existing.get(row.emailKey), organisationCode));
          outcomes.forEach((outcome) => count(counts, outcome.action));
          await write(people, outcomes, now);
          const created = outcomes.filter((outcome) => outcome.action === 'create').map(({ row }) => row.emailKey);
          if (welcome && created.length > 0) await this.accountMailer.welcome(query, [...(await people.findByAddress(created)).values()]);
          await nextTurn();
        }
        await this.audit.recordInBulk(query, actor, 'people-imported', null, { ...counts });
        return counts;
      });
      // A line may move someone to another organisation; imports are rare, so every token is looked up afresh.
      if (counts.updated > 0) this.credentialCache.forgetAll();
      return counts;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError('email-taken', 'Someone with an address in the file was added meanwhile; nothing was imported. Try again.');
      }
      throw error;
    }
  }
}

/** New people are learners; existing people keep their roles, activity and library membership. */
async function write(people: PersonTable, outcomes: LineOutcome[], now: Date): Promise<void> {
  const fromFile = (row: PeopleCsvRow) => ({ ...fieldsFromFile(row), emailKey: row.emailKey, searchText: personSearchText(row) });
  await people.insert(
    outcomes
      .filter((outcome) => outcome.action === 'create')
      .map(({ row }) => ({
        ...fromFile(row),
        roles: ['learner'] as Role[],
        libraryMember: false,
        active: true,
        erasedAt: null,
        calendarFeedToken: null,
        createdAt: now,
        updatedAt: now,
      })),
  );
  await people.update(
    outcomes.filter((outcome) => outcome.action === 'update').map(({ row, person }) => ({ id: person!.id, values: { ...fromFile(row), updatedAt: now } })),
  );
}

function emptyCounts(): Counts {
  return { created: 0, updated: 0, unchanged: 0 };
}

function count(counts: Counts, action: ImportAction): void {
  if (action === 'create') counts.created++;
  else if (action === 'update') counts.updated++;
  else counts.unchanged++;
}

function lineOf({ row, action, changes }: LineOutcome): PeopleImportLineDto {
  return { line: row.line, email: row.email, name: row.name, action, ...(action === 'update' ? { changes } : {}) };
}
