import { ApiProperty } from '@nestjs/swagger';

/** A person's soonest booking of a session still to start. */
export class NextBookingDto {
  sessionId: string;

  courseTitle: string;

  /** The session's start (UTC). */
  startsAt: Date;

  @ApiProperty({ enum: ['confirmed', 'waitlisted'] })
  status: 'confirmed' | 'waitlisted';
}

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

  /** Of those, the walk-ins: attended without a booking, added to the register on the day. */
  walkIns: number;

  /** Start of the latest such session; null when none. */
  lastAttendedAt: Date | null;

  /**
   * Their confirmed or waitlisted booking of the soonest scheduled session still to start (of
   * the course, if `courseId` is given; `from` and `to` do not apply); null when none.
   */
  nextBooking: NextBookingDto | null;
}

export class PeopleReportPageDto {
  /** Ordered by e-mail address; erased people last. */
  items: PersonTrainingDto[];

  total: number;
}
