import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { ForbiddenError, NotFoundError } from '../common/domain-error';
import type { Page } from '../common/pagination.dto';
import { Transactions } from '../database/transactions';
import { Person } from '../people/person.entity';
import { hasRole, type Actor } from './actor';
import { AuthToken } from './auth-token.entity';
import { CredentialCache } from './credential-cache';
import { CredentialsService } from './credentials.service';
import type { ApiTokenDto, CreatedApiTokenDto, ListApiTokensQueryDto } from './dto/api-token.dto';

/** Who a new token acts as: a person's id (the API), or their e-mail address (the admin page). */
export type ApiTokenHolder = { personId: string } | { email: string };

/** Long-lived tokens for integrations, issued and revoked by admins. */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly transactions: Transactions,
    private readonly credentials: CredentialsService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly credentialCache: CredentialCache,
  ) {}

  /** 404 unless the holder is an active, not erased person. */
  create(actor: Actor, holder: ApiTokenHolder, name: string): Promise<CreatedApiTokenDto> {
    assertAdmin(actor);
    return this.transactions.run(async (manager) => {
      const person = await manager.findOneBy(Person, {
        ...('personId' in holder ? { id: holder.personId } : { emailKey: holder.email.trim().toLowerCase() }),
        erasedAt: IsNull(),
        active: true,
      });
      if (!person) throw new NotFoundError('Person');
      const { token, secret } = await this.credentials.issue(manager, person.id, 'api', { name });
      await this.audit.record(manager, actor, 'api-token-issued', token.id, { name });
      return { id: token.id, token: secret, personId: person.id, personName: person.name, name };
    });
  }

  list(actor: Actor, query: ListApiTokensQueryDto): Promise<Page<ApiTokenDto>> {
    assertAdmin(actor);
    return this.transactions.read(async (manager) => {
      const [tokens, total] = await manager.findAndCount(AuthToken, {
        where: { kind: 'api', ...(query.personId ? { personId: query.personId } : {}), ...(query.active ? { revokedAt: IsNull() } : {}) },
        relations: { person: true },
        order: { createdAt: 'DESC', id: 'ASC' },
        skip: query.offset,
        take: query.limit,
      });
      return { items: tokens.map(toDto), total };
    });
  }

  get(actor: Actor, id: string): Promise<ApiTokenDto> {
    assertAdmin(actor);
    return this.transactions.read(async (manager) => {
      const token = await manager.findOne(AuthToken, { where: { id, kind: 'api' }, relations: { person: true } });
      if (!token) throw new NotFoundError('API token');
      return toDto(token);
    });
  }

  /** Revoking an already revoked token succeeds again: the outcome the caller wants holds. */
  async revoke(actor: Actor, id: string): Promise<void> {
    assertAdmin(actor);
    try {
      await this.transactions.run(async (manager) => {
        const token = await manager.findOneBy(AuthToken, { id, kind: 'api' });
        if (!token) throw new NotFoundError('API token');
        const { affected } = await manager.update(AuthToken, { id, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
        if (affected) await this.audit.record(manager, actor, 'api-token-revoked', id, { name: token.name });
      });
    } finally {
      this.credentialCache.forgetToken(id);
    }
  }
}

function assertAdmin(actor: Actor): void {
  if (!hasRole(actor, 'admin')) throw new ForbiddenError('Only admins may issue, list or revoke API tokens.');
}

function toDto(token: AuthToken): ApiTokenDto {
  return {
    id: token.id,
    name: token.name,
    personId: token.personId,
    personName: token.person?.name ?? null,
    createdAt: token.createdAt,
    revokedAt: token.revokedAt,
  };
}
