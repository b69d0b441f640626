import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { createTransport, SendMailOptions, Transporter } from 'nodemailer';
import { Clock } from '../common/clock';
import { Environment } from '../config/environment';
import { classifyDeliveryError } from './delivery-policy';
import { headerSafe } from './mail-document';
import type { OutboxMessage, RenderedOutboxMessage } from './outbox-message.entity';

const SENDER_NAME = 'Library training';
/** How long the admin page's connection check may take: the page waits for it. */
const CHECK_TIMEOUT_MS = 3_000;

/** Whether the mail server answers, as the mail page shows it. */
export interface MailConnectionCheck {
  kind: 'smtp' | 'file';
  /** SMTP: host and port (never the credentials); files: the folder. */
  destination: string;
  /** SMTP: whether the server accepted a connection (and the sign-in, if SMTP_URL has one). */
  reachable: boolean;
  /** Why not, as nodemailer said. */
  error: string | null;
}
/** SMTP connections kept open, and messages the dispatcher sends at once. */
export const PARALLEL_SENDS = 4;

/**
 * The MIME message for an outbox row. The Message-ID derives from the row id, so if a crash
 * ever makes the dispatcher send a row twice, mail systems can recognise the copy.
 */
export function composeMail(message: RenderedOutboxMessage, senderAddress: string, messageIdDomain: string, date: Date): SendMailOptions {
  return {
    from: { name: SENDER_NAME, address: senderAddress },
    to: headerSafe(message.recipient),
    subject: headerSafe(message.subject),
    text: message.textBody,
    html: message.htmlBody,
    messageId: `<${message.id}@${messageIdDomain}>`,
    date,
    // RFC 3834: keeps out-of-office replies away from the sender address.
    headers: { 'Auto-Submitted': 'auto-generated' },
    // text/calendar; method=… as an alternative part (what Outlook and Gmail act on), and
    // the same file attached as invite.ics for everything else.
    icalEvent:
      message.calendarMethod && message.calendarContent
        ? { method: message.calendarMethod, content: message.calendarContent, filename: 'invite.ics' }
        : undefined,
  };
}

/**
 * Hands one message to SMTP (SMTP_URL), or, without SMTP_URL, writes it as an .eml file into
 * MAIL_DIR for development and demos. Errors are thrown as nodemailer gives them; the
 * dispatcher decides between retry and failure.
 */
@Injectable()
export class MailTransport {
  private readonly logger = new Logger(MailTransport.name);
  private readonly transporter: Transporter;
  private readonly messageIdDomain: string;
  readonly kind: 'smtp' | 'file';

  constructor(
    private readonly environment: Environment,
    private readonly clock: Clock,
  ) {
    this.messageIdDomain = new URL(environment.publicUrl).hostname;
    if (environment.SMTP_URL) {
      this.kind = 'smtp';
      // Pooled: a new connection per message costs a handshake each (about 100 ms even on
      // loopback). Short timeouts: a hung server must not hold a claimed message for long.
      this.transporter = createTransport({
        url: environment.SMTP_URL,
        pool: true,
        maxConnections: PARALLEL_SENDS,
        idleTimeout: 60_000,
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 60_000,
      });
    } else {
      this.kind = 'file';
      this.transporter = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
    }
  }

  async deliver(message: RenderedOutboxMessage): Promise<void> {
    const mail = composeMail(message, this.environment.MAIL_FROM, this.messageIdDomain, this.clock.now());
    const info: unknown = await this.transporter.sendMail(mail);
    if (this.kind === 'file') await this.writeEml(message, (info as { message: Buffer }).message);
  }

  /**
   * Connects to the SMTP server on a connection of its own (not the pool's), greets it and signs
   * in, within CHECK_TIMEOUT_MS whatever the server does. Without SMTP, answers where the files go.
   */
  async checkConnection(): Promise<MailConnectionCheck> {
    if (this.kind === 'file') return { kind: 'file', destination: resolve(this.environment.MAIL_DIR), reachable: true, error: null };
    const destination = new URL(this.environment.SMTP_URL!).host;
    const probe = createTransport({
      url: this.environment.SMTP_URL,
      connectionTimeout: CHECK_TIMEOUT_MS,
      greetingTimeout: CHECK_TIMEOUT_MS,
      socketTimeout: CHECK_TIMEOUT_MS,
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS / 1000} seconds`)), CHECK_TIMEOUT_MS + 500);
    });
    try {
      await Promise.race([probe.verify(), deadline]);
      return { kind: 'smtp', destination, reachable: true, error: null };
    } catch (error) {
      return { kind: 'smtp', destination, reachable: false, error: classifyDeliveryError(error).message };
    } finally {
      clearTimeout(timer);
      probe.close();
    }
  }

  /** Called by the dispatcher once its last send has finished. */
  close(): void {
    this.transporter.close();
  }

  /** Written under a temporary name and renamed, so a reader never sees half a message. */
  private async writeEml(message: OutboxMessage, raw: Buffer): Promise<void> {
    const directory = resolve(this.environment.MAIL_DIR);
    await mkdir(directory, { recursive: true });
    const stamp = message.createdAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const file = join(directory, `${stamp}-${message.id}.eml`);
    await writeFile(`${file}.tmp`, raw);
    await rename(`${file}.tmp`, file);
    this.logger.debug(`wrote ${file}`);
  }
}
