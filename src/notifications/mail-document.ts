/**
 * One description of an e-mail, rendered twice: as plain text and as accessible HTML. Templates
 * build a MailDocument; only this file knows the two formats, so every value is escaped once,
 * here.
 */
export type MailBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'details'; rows: Array<{ label: string; value: string; href?: string }> }
  | { kind: 'action'; label: string; href: string };

export interface MailDocument {
  subject: string;
  heading: string;
  blocks: MailBlock[];
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const SIGNATURE = 'NHS Ayrshire & Arran library training';

/** Control characters (CR, LF, tabs, …) could start a new header line: never in a header value. */
export function headerSafe(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Only web addresses become links; anything else is shown as text. */
export function isWebAddress(value: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(value);
}

const MAX_SUBJECT_LENGTH = 250;

export function renderMail(document: MailDocument): RenderedMail {
  const oneLine = headerSafe(document.subject);
  const subject = oneLine.length > MAX_SUBJECT_LENGTH ? `${oneLine.slice(0, MAX_SUBJECT_LENGTH - 1)}…` : oneLine;
  return { subject, text: renderText(document), html: renderHtml(document, subject) };
}

function renderText(document: MailDocument): string {
  const parts = [document.heading];
  for (const block of document.blocks) {
    switch (block.kind) {
      case 'paragraph':
        parts.push(block.text);
        break;
      case 'details':
        parts.push(block.rows.map((row) => `${row.label}: ${row.value}${row.href && row.href !== row.value ? ` (${row.href})` : ''}`).join('\n'));
        break;
      case 'action':
        parts.push(`${block.label}:\n${block.href}`);
        break;
    }
  }
  parts.push(`-- \n${SIGNATURE}`);
  return `${parts.join('\n\n')}\n`;
}

function link(href: string, label: string): string {
  return isWebAddress(href) ? `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>` : escapeHtml(label);
}

function renderHtml(document: MailDocument, subject: string): string {
  const body = document.blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return `<p>${escapeHtml(block.text)}</p>`;
      case 'details':
        return `<dl>\n${block.rows
          .map((row) => `<dt style="font-weight:bold">${escapeHtml(row.label)}</dt>\n<dd style="margin:0 0 0.75em 0">${row.href ? link(row.href, row.value) : escapeHtml(row.value)}</dd>`)
          .join('\n')}\n</dl>`;
      case 'action':
        if (!isWebAddress(block.href)) return `<p>${escapeHtml(block.label)}: ${escapeHtml(block.href)}</p>`;
        return `<p><a href="${escapeHtml(block.href)}" style="display:inline-block;padding:0.6em 1.2em;background:#005eb8;color:#ffffff;text-decoration:underline">${escapeHtml(block.label)}</a></p>\n<p>If the button does not work, copy this address into your browser: ${escapeHtml(block.href)}</p>`;
    }
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#212b32;background:#ffffff">',
    '<main>',
    `<h1 style="font-size:1.5em">${escapeHtml(document.heading)}</h1>`,
    ...body,
    '</main>',
    `<footer><p style="color:#4c6272">${escapeHtml(SIGNATURE)}</p></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
