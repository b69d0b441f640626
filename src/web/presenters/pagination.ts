/** nhsuk-frontend's numbered pagination: the macro's `previous`, `next` and `items`. */
export interface PaginationView {
  previous?: { href: string };
  next?: { href: string };
  items: Array<{ number: number; href: string; current: boolean } | { ellipsis: true }>;
}

/**
 * Links to the first, last, current and neighbouring pages, with an ellipsis for each gap;
 * undefined when everything fits on one page.
 */
export function pagination(page: number, pageCount: number, href: (page: number) => string): PaginationView | undefined {
  if (pageCount <= 1) return undefined;
  const shown = [...new Set([1, page - 1, page, page + 1, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  const items: PaginationView['items'] = [];
  for (const [index, number] of shown.entries()) {
    if (index > 0 && number - shown[index - 1] > 1) items.push({ ellipsis: true });
    items.push({ number, href: href(number), current: number === page });
  }
  return {
    previous: page > 1 ? { href: href(Math.min(page - 1, pageCount)) } : undefined,
    next: page < pageCount ? { href: href(page + 1) } : undefined,
    items,
  };
}
