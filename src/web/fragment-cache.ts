/**
 * Rendered fragments of pages, kept by their template and the exact data they were drawn from.
 * nhsuk-frontend's macros cost milliseconds each (every call loads and runs its template anew),
 * and a form such as the "Find training" filters is drawn the same way for most requests. A
 * fragment must depend on nothing but its data and the environment's constant globals, so a
 * kept copy can never be out of date; the oldest copies make way when the cache is full.
 */
export class FragmentCache {
  private readonly rendered = new Map<string, string>();

  constructor(private readonly capacity = 500) {}

  get(template: string, data: unknown, render: () => string): string {
    const key = `${template}\u0000${JSON.stringify(data)}`;
    const kept = this.rendered.get(key);
    if (kept !== undefined) {
      // Most recently used last, so the first key is the one to drop.
      this.rendered.delete(key);
      this.rendered.set(key, kept);
      return kept;
    }
    const html = render();
    this.rendered.set(key, html);
    if (this.rendered.size > this.capacity) this.rendered.delete(this.rendered.keys().next().value!);
    return html;
  }
}

/**
 * Markup with every run of whitespace that holds a line break cut to one line break: the same
 * page to a browser (whitespace between tags and words still separates them), a third of the
 * bytes of nhsuk-frontend's indented macro output. Not for markup with <pre> or <textarea>.
 */
export function compactMarkup(html: string): string {
  return html.replace(/\s*\n\s*/g, '\n');
}
