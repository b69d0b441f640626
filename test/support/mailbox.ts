import type { ParsedMail } from 'mailparser';
import { ReceivedMail, SmtpSink } from './smtp-sink';

/**
 * The messages an SMTP sink received, read as a person reads their inbox: wait for the next
 * message to an address whose subject matches. Each message is handed out once, so two sign-ins
 * in a row each get their own e-mail.
 */
export class Mailbox {
  private readonly taken = new Set<ReceivedMail>();

  constructor(private readonly sink: SmtpSink) {}

  /** The oldest message to `to` (case-insensitive) not handed out yet whose subject matches. */
  async waitFor(to: string, subject: string | RegExp, timeoutMs = 20_000): Promise<ParsedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.sink.received.find((mail) => !this.taken.has(mail) && isTo(mail, to) && subjectMatches(mail, subject));
      if (found) {
        this.taken.add(found);
        return found.parsed;
      }
      if (Date.now() > deadline) {
        const seen = this.sink.received.map((mail) => `  ${mail.envelope.to.join(', ')}: ${mail.parsed.subject ?? ''}`).join('\n');
        throw new Error(`no new e-mail to ${to} with subject ${String(subject)} within ${timeoutMs} ms; received:\n${seen || '  (nothing)'}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Every message to `to` received so far, handed out or not, oldest first. */
  to(to: string): ParsedMail[] {
    return this.sink.received.filter((mail) => isTo(mail, to)).map((mail) => mail.parsed);
  }
}

function isTo(mail: ReceivedMail, address: string): boolean {
  return mail.envelope.to.some((recipient) => recipient.toLowerCase() === address.toLowerCase());
}

function subjectMatches(mail: ReceivedMail, subject: string | RegExp): boolean {
  const actual = mail.parsed.subject ?? '';
  return typeof subject === 'string' ? actual.includes(subject) : subject.test(actual);
}

/**
 * The one link in the message's text that starts with `${baseUrl}${path}`, e.g. the sign-in link
 * (`/auth/callback`). Fails when there is none or more than one, so a test never follows a guess.
 */
export function linkIn(mail: ParsedMail, baseUrl: string, path: string): string {
  const prefix = `${baseUrl}${path}`;
  const links = [...new Set((mail.text ?? '').match(/https?:\/\/[^\s<>"]+/g) ?? [])].filter((url) => url.startsWith(prefix));
  if (links.length !== 1) throw new Error(`expected one link to ${prefix} in "${mail.subject}", found ${links.length}:\n${mail.text}`);
  return links[0];
}
