import type { Page } from '../../common/pagination.dto';
import type { SessionDto } from './session.dto';

/** What a trainer's list of sessions is narrowed to. */
export interface TrainerSessionsQuery {
  courseId?: string;
  /** Sessions starting at or after this instant. */
  from?: Date;
  /** Sessions starting at or before this instant. */
  to?: Date;
}

export interface TrainerSessionDto extends SessionDto {
  /** Confirmed bookings that have no mark on the register yet. */
  unmarkedCount: number;
}

/** A trainer's sessions as they work through them. */
export interface TrainerSessionsDto {
  /** Not ended yet (those under way included), soonest first. */
  upcoming: Page<TrainerSessionDto>;
  /** Ended, not cancelled, with someone booked still unmarked: latest first. */
  registersToComplete: Page<TrainerSessionDto>;
  /** Ended with a complete register, or cancelled: latest first. */
  earlier: Page<TrainerSessionDto>;
}
