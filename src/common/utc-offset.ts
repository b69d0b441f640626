/** Real zones lie between UTC-12:00 and UTC+14:00; ±14:00 bounds both sides, as ISO 8601 readers expect. */
export const MAX_UTC_OFFSET_MINUTES = 14 * 60;

const TIME_AND_OFFSET = /\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|([+-])(\d{2})(?::?(\d{2}))?)$/i;

/**
 * Whether an ISO 8601 date-time ends in `Z` or an offset (`±hh`, `±hhmm`, `±hh:mm`) that can
 * exist: minutes 00–59 and at most 14:00 either way. Date libraries read `+99:00` or `+05:99`
 * happily and shift the instant by days; a request that says so is a mistake to refuse.
 */
export function hasPossibleUtcOffset(dateTime: string): boolean {
  const match = TIME_AND_OFFSET.exec(dateTime);
  if (!match) return false;
  if (!match[1]) return true;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? 0);
  return minutes < 60 && hours * 60 + minutes <= MAX_UTC_OFFSET_MINUTES;
}
