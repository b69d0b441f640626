import type TestAgent from 'supertest/lib/agent';

/** The cookies a browser would hold, as one Cookie header. */
export type CookieJar = Map<string, string>;

export function cookieHeader(jar: CookieJar): string {
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

export function keepCookies(jar: CookieJar, setCookie: string[] | string | undefined): void {
  for (const line of [setCookie ?? []].flat()) {
    const [pair] = line.split(';');
    const at = pair.indexOf('=');
    const name = pair.slice(0, at);
    const value = pair.slice(at + 1);
    if (value === '' || /Expires=Thu, 01 Jan 1970/.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
}

/** The CSRF token of the first form on a page. */
export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('the page has no form with a CSRF token');
  return match[1];
}

/**
 * A browser's state for posting web forms in supertest: opens `page` (signed in when `accessToken`
 * is given) and keeps its cookies and the form token, as a real browser would before submitting.
 */
export async function openForm(
  http: TestAgent,
  page: string,
  accessToken?: string,
): Promise<{ jar: CookieJar; csrf: string; html: string }> {
  const jar: CookieJar = new Map(accessToken ? [['tt_session', accessToken]] : []);
  const response = await http.get(page).set('Cookie', cookieHeader(jar));
  keepCookies(jar, response.headers['set-cookie'] as unknown as string[] | undefined);
  return { jar, csrf: csrfTokenIn(response.text), html: response.text };
}

/** A page's text as a person reads it: no markup, scripts or SVG titles (the chart's table says the same); entities decoded. */
export function pageText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<svg[\s\S]*?<\/svg>/g, (svg) => svg.replace(/<title[\s\S]*?<\/title>|<desc[\s\S]*?<\/desc>/g, ' '))
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
