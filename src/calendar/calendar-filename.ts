import { DateTime } from 'luxon';

/**
 * "literature-searching-for-social-work-practice-2026-03-27.ics": the course and the session's
 * local date, in ASCII letters, digits and dashes only, so every browser keeps the name as it is.
 */
export function calendarFilename(courseTitle: string, startsAt: Date, timezone: string): string {
  const slug = courseTitle
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .toLowerCase()
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
  const date = DateTime.fromJSDate(startsAt, { zone: timezone }).toISODate() ?? startsAt.toISOString().slice(0, 10);
  return `${slug || 'training-session'}-${date}.ics`;
}
