import { MAGIC_LINK_TTL_MS } from '../auth/magic-link-policy';

/** The small server-rendered pages of the sign-in callback. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Training tracker</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#212b32}a{color:#005eb8}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export function signedInPage(person: { name: string | null; roles: string[] }): string {
  return page(
    'Signed in',
    `<h1>Signed in</h1>
<p>Signed in as <strong>${escapeHtml(person.name ?? '')}</strong> (${escapeHtml(person.roles.join(', '))}).</p>
<p><a href="/api/docs">Open the API documentation</a></p>`,
  );
}

export function signInFailedPage(reason: 'invalid' | 'incomplete'): string {
  const explanation =
    reason === 'incomplete'
      ? 'This sign-in address is incomplete: it has no token. Open the link from your e-mail exactly as it was sent.'
      : `This sign-in link has expired or has already been used. Each link works once, for ${MAGIC_LINK_TTL_MS / 60_000} minutes.`;
  return page(
    'Sign-in link not valid',
    `<h1>This sign-in link does not work</h1>
<p>${explanation}</p>
<p>Request a new link: send <code>POST /api/auth/magic-link</code> with your e-mail address, as described in the <a href="/api/docs">API documentation</a>.</p>`,
  );
}
