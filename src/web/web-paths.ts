/**
 * Where a page may send a person next: only a path on this site ("/…", never "//host" or
 * "/\host", which browsers read as another host), so a link cannot redirect anyone elsewhere.
 */
export function safeNextPath(candidate: unknown): string | undefined {
  if (typeof candidate !== 'string' || candidate.length > 500) return undefined;
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) return undefined;
  if (/[\u0000-\u001f\\]/.test(candidate)) return undefined;
  return candidate;
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
