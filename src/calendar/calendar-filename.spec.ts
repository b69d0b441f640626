import { calendarFilename } from './calendar-filename';

describe('calendarFilename', () => {
  it('names the course and the session date in its own zone', () => {
    // 23:30 UTC on 27 March is already 28 March in Auckland.
    const startsAt = new Date('2026-03-27T23:30:00Z');
    expect(calendarFilename('Literature searching for social work practice', startsAt, 'Europe/London')).toBe(
      'literature-searching-for-social-work-practice-2026-03-27.ics',
    );
    expect(calendarFilename('Literature searching', startsAt, 'Pacific/Auckland')).toBe('literature-searching-2026-03-28.ics');
  });

  it('keeps only ASCII letters, digits and dashes, so no header quoting or path trick survives', () => {
    const startsAt = new Date('2026-03-27T09:00:00Z');
    expect(calendarFilename('Évidence "based" ../practice; über', startsAt, 'Europe/London')).toBe('evidence-based-practice-uber-2026-03-27.ics');
    expect(calendarFilename('???', startsAt, 'Europe/London')).toBe('training-session-2026-03-27.ics');
    expect(calendarFilename('a'.repeat(59) + ' b', startsAt, 'Europe/London')).toBe(`${'a'.repeat(59)}-2026-03-27.ics`);
  });
});
