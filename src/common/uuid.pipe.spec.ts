import { InvalidInputError } from './domain-error';
import { UuidPipe } from './uuid.pipe';

describe('UuidPipe', () => {
  const pipe = new UuidPipe();

  it('passes a UUID through', () => {
    expect(pipe.transform('7d1f2a57-5b3c-4f0e-9a55-2b1f3f0c1a11', { type: 'param', data: 'id' })).toBe('7d1f2a57-5b3c-4f0e-9a55-2b1f3f0c1a11');
  });

  it.each(['42', '', 'x'.repeat(500), "1' OR '1'='1"])('refuses %j, naming the parameter', (value) => {
    expect(() => pipe.transform(value, { type: 'param', data: 'sessionId' })).toThrow(InvalidInputError);
    try {
      pipe.transform(value, { type: 'param', data: 'sessionId' });
    } catch (error) {
      expect((error as InvalidInputError).errors).toEqual([{ field: 'sessionId', message: 'must be a UUID' }]);
    }
  });
});
