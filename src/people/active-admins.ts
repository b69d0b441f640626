import { EntityManager } from 'typeorm';
import { Person } from './person.entity';

/** How many people can administer the service (active, not erased, with the admin role). */
export function countActiveAdmins(manager: EntityManager, exceptPersonId?: string): Promise<number> {
  const select = manager
    .createQueryBuilder(Person, 'person')
    // Roles are stored comma-separated and no role name contains another, so LIKE is exact.
    .where('person.roles LIKE :admin', { admin: '%admin%' })
    .andWhere('person.active = :active AND person.erasedAt IS NULL', { active: true });
  if (exceptPersonId) select.andWhere('person.id <> :exceptPersonId', { exceptPersonId });
  return select.getCount();
}
