import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock';
import { ConflictError } from '../common/domain-error';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { Organisation } from '../organisations/organisation.entity';
import type { PeopleImportResultDto } from './dto/people-import.dto';
import { parsePeopleCsv, PeopleCsvRow } from './people-csv';
import { InvalidPeopleCsvError } from './people.errors';
import { Person, Role } from './person.entity';
import { personSearchText } from './person-search';

/** Rows per statement: well under both databases' bound-parameter limits. */
const CHUNK = 200;

interface ImportPlan {
  create: PeopleCsvRow[];
  update: Array<{ row: PeopleCsvRow; person: Person }>;
}

/** Upserts people from an HR export, by e-mail address: all of the file or none of it. */
@Injectable()
export class PeopleImportService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async import(csv: string, options: { dryRun: boolean }): Promise<PeopleImportResultDto> {
    const organisations = await this.transactions.read((manager) => manager.find(Organisation));
    const { rows, errors } = parsePeopleCsv(csv, new Map(organisations.map((o) => [o.code.toUpperCase(), o.id])));
    if (errors.length > 0) throw new InvalidPeopleCsvError(errors);

    if (options.dryRun) {
      const plan = await this.transactions.read((manager) => planImport(manager, rows));
      return { created: plan.create.length, updated: plan.update.length };
    }
    try {
      return await this.transactions.run(async (manager) => {
        const plan = await planImport(manager, rows);
        await this.write(manager, plan);
        return { created: plan.create.length, updated: plan.update.length };
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError('email-taken', 'Someone with an address in the file was added meanwhile; nothing was imported. Try again.');
      }
      throw error;
    }
  }

  /** New people are learners; existing people keep their roles, activity and library membership. */
  private async write(manager: EntityManager, plan: ImportPlan): Promise<void> {
    const now = this.clock.now();
    const fromFile = (row: PeopleCsvRow) => ({
      name: row.name,
      email: row.email,
      emailKey: row.emailKey,
      searchText: personSearchText(row),
      organisationId: row.organisationId,
      team: row.team,
      jobTitle: row.jobTitle,
      newlyQualified: row.newlyQualified,
    });
    for (let start = 0; start < plan.create.length; start += CHUNK) {
      const people = plan.create.slice(start, start + CHUNK).map((row) => ({
        ...fromFile(row),
        roles: ['learner'] as Role[],
        libraryMember: false,
        active: true,
        erasedAt: null,
        createdAt: now,
        updatedAt: now,
      }));
      await manager.insert(Person, people);
    }
    for (const { row, person } of plan.update) {
      const changes = fromFile(row);
      const changed = (Object.keys(changes) as Array<keyof typeof changes>).some((key) => changes[key] !== person[key]);
      if (changed) await manager.update(Person, person.id, { ...changes, updatedAt: now });
    }
  }
}

async function planImport(manager: EntityManager, rows: PeopleCsvRow[]): Promise<ImportPlan> {
  const existing = new Map<string, Person>();
  for (let start = 0; start < rows.length; start += CHUNK) {
    const emailKeys = rows.slice(start, start + CHUNK).map((row) => row.emailKey);
    for (const person of await manager.findBy(Person, { emailKey: In(emailKeys) })) existing.set(person.emailKey!, person);
  }
  const plan: ImportPlan = { create: [], update: [] };
  for (const row of rows) {
    const person = existing.get(row.emailKey);
    if (person) plan.update.push({ row, person });
    else plan.create.push(row);
  }
  return plan;
}
