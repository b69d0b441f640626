export class PersonTrainingDto {
  personId: string;

  /** Null once the person is erased (they still count, anonymously). */
  name: string | null;

  /** Null once the person is erased. */
  email: string | null;

  organisationId: string;

  /** The organisation's name. */
  organisation: string;

  team: string | null;

  /** At least one `attended` record in a non-cancelled session in range (of the course, if given). */
  trained: boolean;

  /** Number of such records. */
  sessionsAttended: number;

  /** Start of the latest such session; null when none. */
  lastAttendedAt: Date | null;
}

export class PeopleReportPageDto {
  /** Ordered by e-mail address; erased people last. */
  items: PersonTrainingDto[];

  total: number;
}
