import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
import { ServiceSecret } from './service-secret.entity';

/** Named random keys shared by every instance: the first instance to ask creates one, the rest read it. */
@Injectable()
export class ServiceSecrets {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async get(name: string): Promise<string> {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const value = await this.transactions.run(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(ServiceSecret)
        .values({ name, value: randomBytes(32).toString('base64url'), createdAt: this.clock.now() })
        .orIgnore()
        .execute();
      return (await manager.findOneByOrFail(ServiceSecret, { name })).value;
    });
    this.cache.set(name, value);
    return value;
  }
}
