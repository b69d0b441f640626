import { Type } from 'class-transformer';
import { IsIn, IsString, ValidateNested } from 'class-validator';
import { InvalidInputError } from './domain-error';
import { createValidationPipe } from './validation';

class Entry {
  @IsIn(['attended', 'absent'])
  status: string;
}

class Body {
  @IsString()
  name: string;

  @ValidateNested({ each: true })
  @Type(() => Entry)
  records: Entry[];
}

describe('the global validation pipe', () => {
  const pipe = createValidationPipe();
  const metadata = { type: 'body' as const, metatype: Body };

  it('lists every invalid field, nested ones by path, and rejects unknown fields', async () => {
    const error = await pipe
      .transform({ name: 3, records: [{ status: 'attended' }, { status: 'maybe' }], extra: true }, metadata)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    const fields = (error as InvalidInputError).errors!.map((e) => e.field).sort();
    expect(fields).toEqual(['extra', 'name', 'records.1.status']);
  });

  it('refuses NUL characters and runaway nesting in bodies, queries and path parameters before transforming them', async () => {
    const refusal = (value: unknown, meta: Parameters<typeof pipe.transform>[1]) =>
      pipe.transform(value, meta).then(
        () => null,
        (e: unknown) => (e as InvalidInputError).errors,
      );
    let deep: unknown = 'attended';
    for (let level = 0; level < 10_000; level++) deep = [deep];
    expect(await refusal({ name: 'a', records: deep }, metadata)).toEqual([{ field: 'records', message: 'is nested deeper than 32 levels' }]);
    expect(await refusal({ name: 'a\0', records: [] }, metadata)).toEqual([{ field: 'name', message: 'must not contain a NUL character' }]);
    expect(await refusal({ q: 'x\0' }, { type: 'query', metatype: Object })).toEqual([{ field: 'q', message: 'must not contain a NUL character' }]);
    expect(await refusal('x\0', { type: 'param', metatype: String, data: 'id' })).toEqual([{ field: 'id', message: 'must not contain a NUL character' }]);
  });

  it('passes a valid body through, transformed to its class', async () => {
    const body = await pipe.transform({ name: 'a', records: [{ status: 'absent' }] }, metadata);
    expect(body).toBeInstanceOf(Body);
  });
});
