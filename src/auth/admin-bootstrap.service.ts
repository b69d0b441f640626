import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Environment } from '../config/environment';
import { Transactions } from '../database/transactions';
import { Organisation } from '../organisations/organisation.entity';
import { countActiveAdmins } from '../people/active-admins';
import { Person, Role } from '../people/person.entity';
import { CredentialCache } from './credential-cache';
import { personSearchText } from '../people/person-search';

/** Where the bootstrap admin goes when the database has no organisation yet. */
export const BOOTSTRAP_ORGANISATION = { code: 'NHSAA-LIB', name: 'NHS Ayrshire & Arran Library Service' };

/** PostgreSQL advisory-lock key: two instances starting together bootstrap one admin. */
const BOOTSTRAP_LOCK = 71_003;

/**
 * At start-up, when ADMIN_EMAIL is set and nobody holds the admin role, makes that address an
 * admin (creating the person if needed), so a fresh installation can be signed into.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly environment: Environment,
    private readonly clock: Clock,
    private readonly credentialCache: CredentialCache,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.environment.ADMIN_EMAIL?.trim();
    if (!email) return;
    let promotedId: string | undefined;
    const outcome = await this.transactions.run(async (manager) => {
      if (this.transactions.dialect === 'postgres') await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
      if ((await countActiveAdmins(manager)) > 0) return 'admin exists';

      const now = this.clock.now();
      const existing = await manager.findOneBy(Person, { emailKey: email.toLowerCase() });
      if (existing) {
        await manager.update(Person, existing.id, { roles: [...existing.roles, 'admin'], active: true, updatedAt: now });
        promotedId = existing.id;
        return 'admin role granted';
      }
      const organisation =
        (await manager.findOne(Organisation, { where: {}, order: { createdAt: 'ASC', id: 'ASC' } })) ??
        (await manager.save(manager.create(Organisation, { ...BOOTSTRAP_ORGANISATION, createdAt: now })));
      await manager.insert(Person, {
        name: 'Administrator',
        email,
        emailKey: email.toLowerCase(),
        searchText: personSearchText({ name: 'Administrator', email }),
        organisationId: organisation.id,
        team: null,
        jobTitle: null,
        roles: ['admin'] as Role[],
        newlyQualified: false,
        libraryMember: false,
        active: true,
        erasedAt: null,
        createdAt: now,
        updatedAt: now,
      });
      return 'admin created';
    });
    if (promotedId) this.credentialCache.forgetPerson(promotedId);
    if (outcome !== 'admin exists') this.logger.log(`Bootstrap: ${outcome} for ${email}; sign in with a magic link.`);
  }
}
