import type { UpcomingWithdrawal } from '../../bookings/bookings.service';
import type { PersonDto } from './person.dto';

/** What erasing a person would do now (PeopleService.erasurePreview): the confirmation page's facts. */
export interface ErasurePreviewDto {
  person: PersonDto;
  /** They are the only active admin: erasure would be refused (LastAdminError). */
  lastAdmin: boolean;
  /** Their confirmed and waitlisted bookings of sessions to come, soonest first: cancelled, with who gets each freed seat. */
  upcomingBookings: UpcomingWithdrawal[];
  /** Kept without name or e-mail: their attendance still counts, anonymously, in reports. */
  attendanceRecords: number;
  /** Bookings of sessions that have started: kept, anonymously. */
  pastBookings: number;
  /** API tokens that stop working. */
  apiTokens: number;
  /** Browser or app sign-ins that end. */
  signIns: number;
  /** E-mails to them, queued or sent, that are deleted. */
  mail: number;
  /** They have a calendar feed address, which stops working. */
  calendarFeed: boolean;
}
