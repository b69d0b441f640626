/** The personal calendar feed address. */
export class CalendarFeedDto {
  /**
   * Secret address of an iCalendar feed of the person's confirmed sessions, for calendar
   * subscriptions. Anyone with it can read the timetable: keep it private, rotate to revoke.
   * @example http://localhost:3000/api/calendar-feeds/3q2-7wEXAMPLEsecret.ics
   */
  url: string;
}
