import { compactMarkup, FragmentCache } from './fragment-cache';

describe('FragmentCache', () => {
  it('draws a fragment once for the same template and data, and again for other data', () => {
    const cache = new FragmentCache();
    let drawn = 0;
    const render = jest.fn(() => `<p>${++drawn}</p>`);
    expect(cache.get('a.njk', { x: 1 }, render)).toBe('<p>1</p>');
    expect(cache.get('a.njk', { x: 1 }, render)).toBe('<p>1</p>');
    expect(cache.get('a.njk', { x: 2 }, render)).toBe('<p>2</p>');
    expect(cache.get('b.njk', { x: 1 }, render)).toBe('<p>3</p>');
    expect(render).toHaveBeenCalledTimes(3);
  });

  it('drops the copy used longest ago when full', () => {
    const cache = new FragmentCache(2);
    const render = jest.fn(() => 'html');
    cache.get('t', 1, render);
    cache.get('t', 2, render);
    cache.get('t', 1, render);
    cache.get('t', 3, render);
    expect(render).toHaveBeenCalledTimes(3);
    cache.get('t', 1, render);
    expect(render).toHaveBeenCalledTimes(3);
    cache.get('t', 2, render);
    expect(render).toHaveBeenCalledTimes(4);
  });
});

describe('compactMarkup', () => {
  it('cuts each run of whitespace holding a line break to one line break, and leaves other spaces', () => {
    expect(compactMarkup('<div>\n    <p>Two  words</p>   \n\n  </div>\n')).toBe('<div>\n<p>Two  words</p>\n</div>\n');
    expect(compactMarkup('<a>x</a> <b>y</b>')).toBe('<a>x</a> <b>y</b>');
  });
});
