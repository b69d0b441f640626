import { Transform } from 'class-transformer';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { DateTime } from 'luxon';
import { hasPossibleUtcOffset } from '../../common/utc-offset';

/** ISO 8601 date-time that names its offset (`Z` or `±hh:mm`): a local time alone is ambiguous. */
const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const EARLIEST_INSTANT = Date.UTC(1970, 0, 1);

/** The instant the text names, or null unless it is a real calendar date-time with a possible offset. */
export function parseInstant(text: string): Date | null {
  if (!INSTANT_WITH_OFFSET.test(text) || !hasPossibleUtcOffset(text)) return null;
  // Luxon rejects impossible dates (30 February) that `new Date()` silently rolls over.
  const parsed = DateTime.fromISO(text, { setZone: true });
  if (!parsed.isValid || parsed.toMillis() < EARLIEST_INSTANT) return null;
  return parsed.toJSDate();
}

/** The canonical IANA name of a time zone (any letter case), or null when there is no such zone. */
export function canonicalTimeZone(zone: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) return null;
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * An ISO 8601 instant with offset, turned into a Date. Text that is not one stays text, so the
 * validator reports it with a message that says what is expected.
 */
export function IsInstant(options: ValidationOptions = {}): PropertyDecorator {
  return normalisedAndChecked(
    'isInstant',
    (value) => (typeof value === 'string' ? (parseInstant(value) ?? value) : value),
    (value) => value instanceof Date && !Number.isNaN(value.getTime()),
    { message: '$property must be a real ISO 8601 date-time with Z or an offset within ±14:00, e.g. 2026-03-03T10:00:00Z', ...options },
  );
}

/** A valid IANA time zone such as Europe/London, stored in its canonical spelling. */
export function IsTimeZone(options: ValidationOptions = {}): PropertyDecorator {
  return normalisedAndChecked(
    'isTimeZone',
    (value) => (typeof value === 'string' ? (canonicalTimeZone(value) ?? value) : value),
    (value) => typeof value === 'string' && canonicalTimeZone(value) === value,
    { message: '$property must be an IANA time zone such as Europe/London', ...options },
  );
}

/** A property normalised while the body is read (class-transformer) and then validated. */
function normalisedAndChecked(
  name: string,
  normalise: (value: unknown) => unknown,
  isValid: (value: unknown) => boolean,
  options: ValidationOptions,
): PropertyDecorator {
  const transform = Transform(({ value }: { value: unknown }) => normalise(value));
  return (target, property) => {
    transform(target, property);
    registerDecorator({ name, target: target.constructor, propertyName: property as string, options, validator: { validate: isValid } });
  };
}
