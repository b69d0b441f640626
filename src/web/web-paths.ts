import { sameSitePath } from '../auth/magic-link-policy';

/** Where a page may send a person next (a form field or query value): only a path on this site. */
export function safeNextPath(candidate: unknown): string | undefined {
  return typeof candidate === 'string' ? (sameSitePath(candidate) ?? undefined) : undefined;
}

/** The path of a same-origin address (a Referer), or undefined for another site's. */
export function samePagePath(address: string | undefined, publicUrl: string): string | undefined {
  if (!address) return undefined;
  try {
    const url = new URL(address);
    if (url.origin !== new URL(publicUrl).origin) return undefined;
    return safeNextPath(url.pathname + url.search);
  } catch {
    return undefined;
  }
}
