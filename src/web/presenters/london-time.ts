const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * When something happened, on the clock of the library team that runs the service: "3 March
 * 2027 at 10:05" (GMT or BST as London had it then).
 */
export function londonDateTime(instant: Date | string): string {
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of LONDON.formatToParts(new Date(instant))) part[type] = value;
  return `${part.day} ${part.month} ${part.year} at ${part.hour}:${part.minute}`;
}
