import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ConflictError, NotFoundError } from '../common/domain-error';
import type { Page, PaginationQueryDto } from '../common/pagination.dto';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { CreateOrganisationDto, OrganisationDto } from './dto/organisation.dto';
import { Organisation } from './organisation.entity';

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
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
    return this.transactions.read(async (manager) => {
      const organisation = await manager.findOneBy(Organisation, { id });
      if (!organisation) throw new NotFoundError('Organisation');
      return OrganisationDto.from(organisation);
    });
  }

  async create(input: CreateOrganisationDto): Promise<OrganisationDto> {
    const taken = () => new ConflictError('organisation-code-taken', `The organisation code ${input.code} is already in use.`);
    try {
      return await this.transactions.run(async (manager) => {
        if (await manager.existsBy(Organisation, { code: input.code })) throw taken();
        const organisation = await manager.save(
          manager.create(Organisation, { code: input.code, name: input.name, createdAt: this.clock.now() }),
        );
        return OrganisationDto.from(organisation);
      });
    } catch (error) {
      // Another request took the code between the check and the insert.
      if (isUniqueViolation(error)) throw taken();
      throw error;
    }
  }
}
