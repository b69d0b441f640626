import ICAL from 'ical.js';

/**
 * Reads iCalendar text with ical.js, a parser independent of the ical-generator that writes
 * it, and returns what calendar programs act on. Instants are computed by ical.js from the
 * VTIMEZONE in the file itself (ical.js has no zone database of its own).
 */
export interface ParsedEvent {
  uid: string;
  sequence: number;
  status: string | null;
  summary: string;
  start: Date;
  end: Date;
  startTzid: string | null;
  stamp: string;
  location: string | null;
  url: string | null;
  description: string | null;
  organizer: { address: string; cn: string | null } | null;
  attendees: Array<{ address: string; cn: string | null; rsvp: string | null; partstat: string | null }>;
}

export interface ParsedCalendar {
  prodId: string | null;
  method: string | null;
  timezones: string[];
  events: ParsedEvent[];
}

function mailto(value: unknown): string {
  return String(value).replace(/^mailto:/i, '');
}

function parameter(property: ICAL.Property, name: string): string | null {
  const value = property.getParameter(name);
  return value === undefined || value === null ? null : String(value);
}

export function parseCalendar(text: string): ParsedCalendar {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const timezones = calendar.getAllSubcomponents('vtimezone');
  for (const timezone of timezones) ICAL.TimezoneService.register(timezone);
  try {
    return {
      prodId: (calendar.getFirstPropertyValue('prodid') as string | null) ?? null,
      method: (calendar.getFirstPropertyValue('method') as string | null) ?? null,
      timezones: timezones.map((timezone) => String(timezone.getFirstPropertyValue('tzid'))),
      events: calendar.getAllSubcomponents('vevent').map((component) => {
        const event = new ICAL.Event(component);
        const organizer = component.getFirstProperty('organizer');
        const dtstart = component.getFirstProperty('dtstart')!;
        return {
          uid: event.uid,
          sequence: event.sequence,
          status: (component.getFirstPropertyValue('status') as string | null) ?? null,
          summary: event.summary,
          start: event.startDate.toJSDate(),
          end: event.endDate.toJSDate(),
          startTzid: parameter(dtstart, 'tzid'),
          stamp: (component.getFirstPropertyValue('dtstamp') as ICAL.Time).toICALString(),
          location: (component.getFirstPropertyValue('location') as string | null) ?? null,
          url: (component.getFirstPropertyValue('url') as string | null) ?? null,
          description: (component.getFirstPropertyValue('description') as string | null) ?? null,
          organizer: organizer ? { address: mailto(organizer.getFirstValue()), cn: parameter(organizer, 'cn') } : null,
          attendees: component.getAllProperties('attendee').map((attendee) => ({
            address: mailto(attendee.getFirstValue()),
            cn: parameter(attendee, 'cn'),
            rsvp: parameter(attendee, 'rsvp'),
            partstat: parameter(attendee, 'partstat'),
          })),
        };
      }),
    };
  } finally {
    for (const timezone of timezones) ICAL.TimezoneService.remove(String(timezone.getFirstPropertyValue('tzid')));
  }
}
