import { isUUID } from 'class-validator';
import { timeOrderedId } from './time-ordered-id';

describe('timeOrderedId', () => {
  it('makes version 7 UUIDs that sort in the order they were made, within one millisecond too', () => {
    const at = new Date('2027-02-01T10:00:00.000Z');
    const ids = [at, at, at, new Date(at.getTime() + 1), at].map(timeOrderedId);
    expect(ids.every((id) => isUUID(id, 7))).toBe(true);
    expect(ids.slice(0, 4)).toEqual([...ids.slice(0, 4)].sort());
    expect(new Set(ids).size).toBe(ids.length);
    // An earlier millisecond sorts first whatever was made before it.
    expect(ids[4] < ids[3]).toBe(true);
  });

  it('starts with the millisecond', () => {
    const id = timeOrderedId(new Date(0x0123456789ab));
    expect(id.startsWith('01234567-89ab-7')).toBe(true);
  });
});
