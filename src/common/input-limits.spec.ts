import { findUnsafeInput, MAX_INPUT_DEPTH } from './input-limits';

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let level = 0; level < depth; level++) value = [value];
  return value;
};

describe('findUnsafeInput', () => {
  it('passes ordinary bodies, queries and parameters', () => {
    expect(findUnsafeInput({ name: 'Òran MacÌomhair', records: [{ personId: 'p', status: 'attended' }], n: 3, ok: true, none: null })).toBeNull();
    expect(findUnsafeInput('4b1c9a52-7f6e-4f43-9d1a-3f0e4f1d2a77', 'id')).toBeNull();
    expect(findUnsafeInput(undefined)).toBeNull();
  });

  it(`allows ${MAX_INPUT_DEPTH} levels of nesting and refuses one more, naming the top-level field`, () => {
    expect(findUnsafeInput({ team: nested(MAX_INPUT_DEPTH - 1) })).toBeNull();
    expect(findUnsafeInput({ team: nested(MAX_INPUT_DEPTH) })).toEqual({ field: 'team', message: 'is nested deeper than 32 levels' });
    expect(findUnsafeInput(nested(5000))).toEqual({ field: 'body', message: 'is nested deeper than 32 levels' });
  });

  it('walks a value far deeper than the stack allows without overflowing', () => {
    let value: unknown = 1;
    for (let level = 0; level < 200_000; level++) value = { a: value };
    expect(findUnsafeInput(value)).toEqual({ field: 'a', message: 'is nested deeper than 32 levels' });
  });

  it('names a NUL character by its path, in values and in keys', () => {
    expect(findUnsafeInput({ name: 'a\0b' })).toEqual({ field: 'name', message: 'must not contain a NUL character' });
    expect(findUnsafeInput({ records: [{ status: 'ok' }, { status: '\0' }] })).toEqual({ field: 'records.1.status', message: 'must not contain a NUL character' });
    expect(findUnsafeInput({ ['na\0me']: 'x' })).toEqual({ field: 'na\\u0000me', message: 'must not contain a NUL character' });
    expect(findUnsafeInput(['a', 'b\0'], 'roles')).toEqual({ field: 'roles.1', message: 'must not contain a NUL character' });
    expect(findUnsafeInput('ab\0', 'id')).toEqual({ field: 'id', message: 'must not contain a NUL character' });
  });
});
