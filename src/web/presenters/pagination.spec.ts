import { pagination } from './pagination';

const href = (page: number) => `/p${page}`;

describe('pagination', () => {
  it('is not shown for a single page', () => {
    expect(pagination(1, 1, href)).toBeUndefined();
    expect(pagination(1, 0, href)).toBeUndefined();
  });

  it('links the first, last and neighbouring pages, with ellipses for the gaps', () => {
    expect(pagination(5, 9, href)).toEqual({
      previous: { href: '/p4' },
      next: { href: '/p6' },
      items: [
        { number: 1, href: '/p1', current: false },
        { ellipsis: true },
        { number: 4, href: '/p4', current: false },
        { number: 5, href: '/p5', current: true },
        { number: 6, href: '/p6', current: false },
        { ellipsis: true },
        { number: 9, href: '/p9', current: false },
      ],
    });
  });

  it('has no previous link on the first page and no next link on the last', () => {
    const first = pagination(1, 3, href)!;
    expect(first.previous).toBeUndefined();
    expect(first.items).toEqual([
      { number: 1, href: '/p1', current: true },
      { number: 2, href: '/p2', current: false },
      { number: 3, href: '/p3', current: false },
    ]);
    expect(pagination(3, 3, href)!.next).toBeUndefined();
  });
});
