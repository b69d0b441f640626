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

  it('passes a valid body through, transformed to its class', async () => {
    const body = await pipe.transform({ name: 'a', records: [{ status: 'absent' }] }, metadata);
    expect(body).toBeInstanceOf(Body);
  });
});
