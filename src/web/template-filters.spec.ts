import nunjucks from 'nunjucks';
import { trimFilter } from './template-filters';

describe('trimFilter', () => {
  it("trims as Nunjucks' filter does, keeping markup marked safe", () => {
    expect(trimFilter('  \n\t text \r\n ')).toBe('text');
    const safe = trimFilter(new nunjucks.runtime.SafeString('  <b>x</b>\n'));
    expect(safe).toBeInstanceOf(nunjucks.runtime.SafeString);
    expect(String(safe)).toBe('<b>x</b>');
    expect(trimFilter(undefined)).toBe('');
  });

  it('takes linear time on markup with a long run of whitespace inside (Nunjucks took about a second here)', () => {
    const markup = `<p>${' '.repeat(50_000)}</p>`;
    const started = performance.now();
    expect(trimFilter(markup)).toBe(markup);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
