import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/domain-error';
import type { Page } from '../common/pagination.dto';
import { Transactions } from '../database/transactions';
import { Person } from '../people/person.entity';
import { AuthToken } from './auth-token.entity';
import { CredentialsService } from './credentials.service';
import type { ApiTokenDto, CreateApiTokenDto, CreatedApiTokenDto, ListApiTokensQueryDto } from './dto/api-token.dto';

/** Long-lived tokens for integrations, issued and revoked by admins. */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly transactions: Transactions,
    private readonly credentials: CredentialsService,
    private readonly clock: Clock,
  ) {}

  create(input: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    return this.transactions.run(async (manager) => {
      const person = await manager.findOneBy(Person, { id: input.personId, erasedAt: IsNull(), active: true });
      if (!person) throw new NotFoundError('Person');
      const { token, secret } = await this.credentials.issue(manager, person.id, 'api', { name: input.name });
      return { id: token.id, token: secret };
    });
  }

  list(query: ListApiTokensQueryDto): Promise<Page<ApiTokenDto>> {
    return this.transactions.read(async (manager) => {
      const [tokens, total] = await manager.findAndCount(AuthToken, {
        where: { kind: 'api', ...(query.personId ? { personId: query.personId } : {}) },
        order: { createdAt: 'DESC', id: 'ASC' },
        skip: query.offset,
        take: query.limit,
      });
      const items = tokens.map(({ id, name, personId, createdAt, revokedAt }) => ({ id, name, personId, createdAt, revokedAt }));
      return { items, total };
    });
  }

  /** Revoking an already revoked token succeeds again: the outcome the caller wants holds. */
  revoke(id: string): Promise<void> {
    return this.transactions.run(async (manager) => {
      const token = await manager.findOneBy(AuthToken, { id, kind: 'api' });
      if (!token) throw new NotFoundError('API token');
      await manager.update(AuthToken, { id, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    });
  }
}
