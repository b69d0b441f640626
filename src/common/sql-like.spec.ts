import { containsPattern } from './sql-like';

describe('containsPattern', () => {
  it('lower-cases the text and wraps it in wildcards', () => {
    expect(containsPattern('MacLeod')).toBe('%macleod%');
  });

  it('escapes the LIKE wildcards and the escape character itself', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});
