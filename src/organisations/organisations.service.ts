import { Injectable } from '@nestjs/common';
import { EntityManager, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hasRole, type Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { definedFields } from '../common/defined-fields';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/domain-error';
import type { Page, PaginationQueryDto } from '../common/pagination.dto';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { CreateOrganisationDto, OrganisationDto, UpdateOrganisationDto } from './dto/organisation.dto';
import { Organisation } from './organisation.entity';

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  list(query: PaginationQueryDto): Promise<Page<OrganisationDto>> {
    return this.transactions.read(async (manager) => {
      const [organisations, total] = await manager.findAndCount(Organisation, {
        order: { name: 'ASC', id: 'ASC' },
        skip: query.offset,
        take: query.limit,
      });
      return { items: organisations.map((organisation) => OrganisationDto.from(organisation)), total };
    });
  }

  get(id: string): Promise<OrganisationDto> {
    return this.transactions.read(async (manager) => OrganisationDto.from(await findOrganisation(manager, id)));
  }

  create(actor: Actor, input: CreateOrganisationDto): Promise<OrganisationDto> {
    assertAdmin(actor);
    return withCodeUniqueness(input.code, () =>
      this.transactions.run(async (manager) => {
        await assertCodeFree(manager, input.code);
        const organisation = await manager.save(
          manager.create(Organisation, { code: input.code, name: input.name, createdAt: this.clock.now() }),
        );
        await this.audit.record(manager, actor, 'organisation-created', organisation.id, { code: organisation.code, name: organisation.name });
        return OrganisationDto.from(organisation);
      }),
    );
  }

  /** A new code changes how HR files must name the organisation; the people in it stay. */
  update(actor: Actor, id: string, input: UpdateOrganisationDto): Promise<OrganisationDto> {
    assertAdmin(actor);
    const changes = definedFields(input);
    return withCodeUniqueness(changes.code, () =>
      this.transactions.run(async (manager) => {
        const organisation = await findOrganisation(manager, id);
        if (changes.code) await assertCodeFree(manager, changes.code, id);
        const details = Object.fromEntries(
          (['code', 'name'] as const)
            .filter((field) => changes[field] !== undefined && changes[field] !== organisation[field])
            .map((field) => [field, { from: organisation[field], to: changes[field]! }]),
        );
        if (Object.keys(details).length === 0) return OrganisationDto.from(organisation);
        Object.assign(organisation, changes);
        await manager.save(organisation);
        await this.audit.record(manager, actor, 'organisation-changed', id, details);
        return OrganisationDto.from(organisation);
      }),
    );
  }
}

function assertAdmin(actor: Actor): void {
  if (!hasRole(actor, 'admin')) throw new ForbiddenError('Only admins may add or change organisations.');
}

async function findOrganisation(manager: EntityManager, id: string): Promise<Organisation> {
  const organisation = await manager.findOneBy(Organisation, { id });
  if (!organisation) throw new NotFoundError('Organisation');
  return organisation;
}

function codeTaken(code: string): ConflictError {
  return new ConflictError('organisation-code-taken', `The organisation code ${code} is already in use.`);
}

async function assertCodeFree(manager: EntityManager, code: string, exceptId?: string): Promise<void> {
  if (await manager.existsBy(Organisation, { code, ...(exceptId ? { id: Not(exceptId) } : {}) })) throw codeTaken(code);
}

/** Another request may take the code between the check and the write. */
async function withCodeUniqueness<T>(code: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (code && isUniqueViolation(error)) throw codeTaken(code);
    throw error;
  }
}
