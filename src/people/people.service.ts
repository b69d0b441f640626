import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull, MoreThan, Not } from 'typeorm';
import { AttendanceRecord } from '../attendance/attendance-record.entity';
import { AuditService } from '../audit/audit.service';
import { hasRole, type Actor } from '../auth/actor';
import { AuthToken } from '../auth/auth-token.entity';
import { CredentialCache } from '../auth/credential-cache';
import { Booking } from '../bookings/booking.entity';
import { BookingsService } from '../bookings/bookings.service';
import { Clock } from '../common/clock';
import { definedFields } from '../common/defined-fields';
import { ForbiddenError, NotFoundError } from '../common/domain-error';
import type { Page } from '../common/pagination.dto';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { OutboxMessage } from '../notifications/outbox-message.entity';
import { Organisation } from '../organisations/organisation.entity';
import { countActiveAdmins } from './active-admins';
import type { ErasurePreviewDto } from './dto/erasure-preview.dto';
import type { CreatePersonDto, UpdatePersonDto } from './dto/person-input.dto';
import type { ListPeopleQueryDto } from './dto/list-people-query.dto';
import { PersonDto, PersonSummaryDto, type TeamDto } from './dto/person.dto';
import { canSeePerson, peopleListScope } from './people-access';
import { personChangeEvents } from './person-audit';
import { personSearchText, searchTermOf, searchTextPatterns } from './person-search';
import { EmailTakenError, LastAdminError, PersonErasedError } from './people.errors';
import { Person, ROLES, type Role } from './person.entity';

@Injectable()
export class PeopleService {
  constructor(
    private readonly transactions: Transactions,
    private readonly bookings: BookingsService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly credentialCache: CredentialCache,
  ) {}

  /** Admins only (the controller's @Roles); recorded in the audit log with who added them. */
  async create(actor: Actor, input: CreatePersonDto): Promise<PersonDto> {
    return this.withEmailUniqueness(input.email, () =>
      this.transactions.run(async (manager) => {
        await assertOrganisationExists(manager, input.organisationId);
        await assertEmailFree(manager, input.email);
        const now = this.clock.now();
        const person = await manager.save(
          manager.create(Person, {
            name: input.name,
            email: input.email,
            emailKey: input.email.toLowerCase(),
            searchText: personSearchText(input),
            organisationId: input.organisationId,
            team: input.team ?? null,
            jobTitle: input.jobTitle ?? null,
            roles: normaliseRoles(input.roles ?? ['learner']),
            newlyQualified: input.newlyQualified ?? false,
            libraryMember: input.libraryMember ?? false,
            active: true,
            erasedAt: null,
            createdAt: now,
            updatedAt: now,
          }),
        );
        await this.audit.record(manager, actor, 'person-created', person.id, { roles: person.roles, organisationId: person.organisationId });
        return PersonDto.from(person);
      }),
    );
  }

  /**
   * People in the caller's scope, by name (accent- and case-insensitively, erased people last).
   * `q` matches part of the name or e-mail address; a trainer's search matches part of the name
   * or the whole address only, so it cannot spell out addresses letter by letter.
   */
  list(actor: Actor, query: ListPeopleQueryDto): Promise<Page<PersonDto | PersonSummaryDto>> {
    const scope = peopleListScope(actor, query);
    const term = query.q === undefined ? null : searchTermOf(query.q);
    const address = query.q?.trim().toLowerCase();
    return this.transactions.read(async (manager) => {
      if (scope.organisationId) await assertOrganisationExists(manager, scope.organisationId);
      const select = manager
        .createQueryBuilder(Person, 'person')
        .orderBy('person.searchText', 'ASC', 'NULLS LAST')
        .addOrderBy('person.id', 'ASC');
      if (scope.organisationId) select.andWhere('person.organisationId = :organisationId', { organisationId: scope.organisationId });
      // Roles are stored comma-separated and no role name contains another, so LIKE is exact.
      if (query.role) select.andWhere('person.roles LIKE :role', { role: `%${query.role}%` });
      if (query.team !== undefined) select.andWhere('person.team = :team', { team: query.team });
      // Erased people are neither active nor deactivated: they have no account left.
      if (query.active !== undefined) select.andWhere('person.active = :active AND person.erasedAt IS NULL', { active: query.active });
      if (term !== null) {
        const patterns = searchTextPatterns(term);
        if (scope.searchOnly) {
          select.andWhere(`(person.searchText LIKE :inName ESCAPE '\\' OR person.emailKey = :address)`, { inName: patterns.inName, address });
        } else {
          select.andWhere(`person.searchText LIKE :anywhere ESCAPE '\\'`, { anywhere: patterns.anywhere });
        }
      }
      if (scope.searchOnly) {
        select
          .innerJoinAndSelect('person.organisation', 'organisation')
          .andWhere('person.active = :active AND person.erasedAt IS NULL', { active: true });
      }
      const [people, total] = await select.offset(query.offset).limit(query.limit).getManyAndCount();
      const items = scope.searchOnly ? people.map((person) => PersonSummaryDto.from(person, address)) : people.map((person) => PersonDto.from(person));
      return { items, total };
    });
  }

  /**
   * The teams people belong to, with their organisation, for a filter: admins every
   * organisation's (or one's), managers their own organisation's. Ordered by team name.
   */
  teams(actor: Actor, organisationId?: string): Promise<TeamDto[]> {
    if (!hasRole(actor, 'admin', 'manager')) throw new ForbiddenError('Your role may not list teams.');
    const scope = peopleListScope(actor, { organisationId });
    return this.transactions.read(async (manager) => {
      const select = manager
        .createQueryBuilder(Person, 'person')
        .select(['person.organisationId AS "organisationId"', 'person.team AS "team"'])
        .distinct(true)
        .where('person.team IS NOT NULL')
        .orderBy('person.team', 'ASC')
        .addOrderBy('person.organisationId', 'ASC');
      if (scope.organisationId) select.andWhere('person.organisationId = :organisationId', { organisationId: scope.organisationId });
      return select.getRawMany<TeamDto>();
    });
  }

  get(actor: Actor, id: string): Promise<PersonDto> {
    return this.transactions.read(async (manager) => {
      const person = await manager.findOneBy(Person, { id });
      if (!person || !canSeePerson(actor, person)) throw new NotFoundError('Person');
      return PersonDto.from(person);
    });
  }

  /** Admins only (the controller's @Roles); an erased person stays erased. Each kind of change is audited. */
  async update(actor: Actor, id: string, input: UpdatePersonDto): Promise<PersonDto> {
    const changes: Partial<Person> = definedFields(input);
    try {
      return await this.withEmailUniqueness(input.email, () =>
        this.transactions.run(async (manager) => {
          const person = await findPerson(manager, id);
          if (person.erasedAt) throw new PersonErasedError();
          if (changes.organisationId) await assertOrganisationExists(manager, changes.organisationId);
          if (changes.email) {
            changes.emailKey = changes.email.toLowerCase();
            await assertEmailFree(manager, changes.email, person.id);
          }
          if (changes.roles) changes.roles = normaliseRoles(changes.roles);
          const after = { ...person, ...changes };
          changes.searchText = personSearchText(after);
          if (isActiveAdmin(person) && !isActiveAdmin(after)) await assertAnotherAdmin(manager, person.id);
          for (const event of personChangeEvents(person, after)) await this.audit.record(manager, actor, event.action, person.id, event.details);
          Object.assign(person, changes, { updatedAt: this.clock.now() });
          return PersonDto.from(await manager.save(person));
        }),
      );
    } finally {
      // Their tokens may stand for other roles, another organisation, or nobody active now.
      this.credentialCache.forgetPerson(id);
    }
  }

  /**
   * Removes the person's name and e-mail for good. The row, its organisation and team stay, so
   * their bookings and attendance still count, anonymously, in reports. Erasing an erased
   * person changes nothing and succeeds.
   */
  async erase(actor: Actor, id: string): Promise<void> {
    try {
      await this.transactions.run(async (manager) => {
        const person = await findPerson(manager, id);
        if (person.erasedAt) return;
        if (isActiveAdmin(person)) await assertAnotherAdmin(manager, person.id);
        const now = this.clock.now();
        // Seats they hold in sessions to come go to the waitlist; past bookings stay for the record.
        await this.bookings.withdrawFromUpcoming(manager, person.id, now);
        await manager.update(Person, person.id, {
          name: null,
          email: null,
          emailKey: null,
          searchText: null,
          jobTitle: null,
          calendarFeedToken: null,
          erasedAt: now,
          updatedAt: now,
        });
        await manager.update(AuthToken, { personId: person.id, revokedAt: IsNull() }, { revokedAt: now });
        // Queued and sent mail carries the address and name too.
        await manager.delete(OutboxMessage, { personId: person.id });
        await this.audit.record(manager, actor, 'person-erased', person.id);
      });
    } finally {
      this.credentialCache.forgetPerson(id);
    }
  }

  /**
   * What erase(id) would do now, read only, for the confirmation page: the bookings it cancels
   * and who the waitlists promote, what it removes and what it keeps. Admins only.
   */
  erasurePreview(actor: Actor, id: string): Promise<ErasurePreviewDto> {
    if (!hasRole(actor, 'admin')) throw new ForbiddenError('Only admins may erase people.');
    return this.transactions.read(async (manager) => {
      const person = await findPerson(manager, id);
      const now = this.clock.now();
      const pastBookings = manager
        .createQueryBuilder(Booking, 'b')
        .innerJoin('b.session', 's')
        .where('b.personId = :personId AND s.startsAt <= :now', { personId: person.id, now });
      const tokens = (kind: 'api' | 'access') =>
        manager.countBy(AuthToken, { personId: person.id, kind, revokedAt: IsNull(), ...(kind === 'access' ? { expiresAt: MoreThan(now) } : {}) });
      return {
        person: PersonDto.from(person),
        lastAdmin: isActiveAdmin(person) && (await countActiveAdmins(manager, person.id)) === 0,
        upcomingBookings: person.erasedAt ? [] : await this.bookings.previewWithdrawalFromUpcoming(manager, person.id, now),
        attendanceRecords: await manager.countBy(AttendanceRecord, { personId: person.id }),
        pastBookings: await pastBookings.getCount(),
        apiTokens: await tokens('api'),
        signIns: await tokens('access'),
        mail: await manager.countBy(OutboxMessage, { personId: person.id }),
        calendarFeed: person.calendarFeedToken !== null,
      };
    });
  }

  /** A concurrent request may take the address between the check and the write. */
  private async withEmailUniqueness<T>(email: string | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (email && isUniqueViolation(error)) throw new EmailTakenError(email);
      throw error;
    }
  }
}

async function findPerson(manager: EntityManager, id: string): Promise<Person> {
  const person = await manager.findOneBy(Person, { id });
  if (!person) throw new NotFoundError('Person');
  return person;
}

async function assertOrganisationExists(manager: EntityManager, id: string): Promise<void> {
  if (!(await manager.existsBy(Organisation, { id }))) throw new NotFoundError('Organisation');
}

async function assertEmailFree(manager: EntityManager, email: string, exceptPersonId?: string): Promise<void> {
  const taken = await manager.existsBy(Person, {
    emailKey: email.toLowerCase(),
    ...(exceptPersonId ? { id: Not(exceptPersonId) } : {}),
  });
  if (taken) throw new EmailTakenError(email);
}

function isActiveAdmin(person: Pick<Person, 'roles' | 'active' | 'erasedAt'>): boolean {
  return person.roles.includes('admin') && person.active && !person.erasedAt;
}

/** Nobody may remove the last way in: some other active admin must remain. */
async function assertAnotherAdmin(manager: EntityManager, personId: string): Promise<void> {
  if ((await countActiveAdmins(manager, personId)) === 0) throw new LastAdminError();
}

/** Each role once, in the canonical order. */
function normaliseRoles(roles: Role[]): Role[] {
  return ROLES.filter((role) => roles.includes(role));
}
