/** An iCalendar file to download: its name and its text. */
export interface CalendarDownload {
  filename: string;
  content: string;
}
