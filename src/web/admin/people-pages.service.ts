import { Injectable } from '@nestjs/common';
import type { Actor } from '../../auth/actor';
import { ApiTokensService } from '../../auth/api-tokens.service';
import type { ApiTokenDto } from '../../auth/dto/api-token.dto';
import { BookingsService } from '../../bookings/bookings.service';
import type { BookingDto } from '../../bookings/dto/booking.dto';
import { Clock } from '../../common/clock';
import { MAX_PAGE_SIZE, type Page } from '../../common/pagination.dto';
import type { OrganisationDto } from '../../organisations/dto/organisation.dto';
import { OrganisationsService } from '../../organisations/organisations.service';
import type { ErasurePreviewDto } from '../../people/dto/erasure-preview.dto';
import type { PersonDto, TeamDto } from '../../people/dto/person.dto';
import { PeopleService } from '../../people/people.service';
import type { MyTrainingDto } from '../../reports/dto/my-training.dto';
import { MyTrainingService } from '../../reports/my-training.service';
import { PEOPLE_PAGE_SIZE, type PeopleFilters } from './people-filters';

export interface PeopleListData {
  organisations: OrganisationDto[];
  teams: TeamDto[];
  /** Absent when the filters had errors. */
  people?: Page<PersonDto>;
}

export interface PersonPageData {
  now: Date;
  person: PersonDto;
  organisation: OrganisationDto;
  bookings: BookingDto[];
  training: MyTrainingDto;
  apiTokens: ApiTokenDto[];
}

export interface ErasurePageData {
  now: Date;
  preview: ErasurePreviewDto;
  organisation: OrganisationDto;
}

/**
 * What the admin's people pages show, read through the services the API uses, with the same
 * access rules: one call per page.
 */
@Injectable()
export class PeoplePages {
  constructor(
    private readonly people: PeopleService,
    private readonly organisations: OrganisationsService,
    private readonly bookings: BookingsService,
    private readonly training: MyTrainingService,
    private readonly apiTokens: ApiTokensService,
    private readonly clock: Clock,
  ) {}

  /** Every organisation, for the selects: far fewer than a page's maximum. */
  async allOrganisations(): Promise<OrganisationDto[]> {
    return (await this.organisations.list({ limit: MAX_PAGE_SIZE, offset: 0 })).items;
  }

  /** An organisation filter that names no organisation (a stale link) is dropped rather than shown as an error. */
  async list(actor: Actor, filters: PeopleFilters | undefined): Promise<PeopleListData> {
    const organisations = await this.allOrganisations();
    const organisationId = organisations.some((o) => o.id === filters?.organisationId) ? filters?.organisationId : undefined;
    const teams = await this.people.teams(actor, organisationId);
    if (!filters) return { organisations, teams };
    const people = (await this.people.list(actor, {
      q: filters.q,
      organisationId,
      role: filters.role,
      team: filters.team,
      active: filters.active,
      limit: PEOPLE_PAGE_SIZE,
      offset: (filters.page - 1) * PEOPLE_PAGE_SIZE,
    })) as Page<PersonDto>;
    return { organisations, teams, people };
  }

  async person(actor: Actor, id: string): Promise<PersonPageData> {
    const person = await this.people.get(actor, id);
    const organisation = await this.organisations.get(person.organisationId);
    const bookings = await this.bookings.list(actor, { personId: id, limit: MAX_PAGE_SIZE, offset: 0 });
    const training = await this.training.recordOf(actor, id, {});
    const apiTokens = await this.apiTokens.list(actor, { personId: id, limit: MAX_PAGE_SIZE, offset: 0 });
    return { now: this.clock.now(), person, organisation, bookings: bookings.items, training, apiTokens: apiTokens.items };
  }

  async erasure(actor: Actor, id: string): Promise<ErasurePageData> {
    const preview = await this.people.erasurePreview(actor, id);
    const organisation = await this.organisations.get(preview.person.organisationId);
    return { now: this.clock.now(), preview, organisation };
  }
}
