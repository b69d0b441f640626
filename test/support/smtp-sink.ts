import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
}

export interface CalendarParts {
  /** The text/calendar alternative part: its `method` content-type parameter and its text. */
  alternative: { method: string | null; charset: string | null; content: string } | null;
  /** The attached invite.ics, if any. */
  attachment: string | null;
}

/**
 * A real SMTP server on loopback that keeps every message it accepts, parsed with mailparser.
 * Tests steer it: stop and restart it (an outage), reject recipients permanently (5xx) or the
 * next few messages transiently (4xx).
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** Recipients answered at RCPT TO with a permanent rejection. */
  readonly rejectedRecipients = new Set<string>();
  /** How many of the next recipients get a transient 451. */
  transientRejections = 0;
  /** Holds each message this long before accepting it (a slow server). */
  acceptDelayMs = 0;
  /** Messages whose data has started to arrive, accepted or not yet. */
  dataStarted = 0;
  private server: SMTPServer | undefined;

  private constructor(private listenPort: number) {}

  /** Starts on a free port (or the given one). */
  static async start(port = 0): Promise<SmtpSink> {
    const sink = new SmtpSink(port);
    await sink.listen();
    return sink;
  }

  get port(): number {
    return this.listenPort;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.listenPort}`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port, as a mail server back from an outage. */
  async restart(): Promise<void> {
    await this.listen();
  }

  /** Waits until at least `count` messages have arrived (or fails after `timeoutMs`). */
  async waitFor(count: number, timeoutMs = 20_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} messages at the SMTP sink, got ${this.received.length}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return this.received;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.envelope.to.includes(address));
  }

  private async listen(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      closeTimeout: 100,
      onRcptTo: (address: SMTPServerAddress, _session, callback) => {
        if (this.rejectedRecipients.has(address.address)) {
          return callback(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
        }
        if (this.transientRejections > 0) {
          this.transientRejections--;
          return callback(Object.assign(new Error('4.7.1 Try again later'), { responseCode: 451 }));
        }
        callback();
      },
      onData: (stream, session, callback) => {
        this.dataStarted++;
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          new Promise((resolve) => setTimeout(resolve, this.acceptDelayMs))
            .then(() => simpleParser(raw))
            .then((parsed) => {
              const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
              this.received.push({ envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) }, raw: raw.toString('utf8'), parsed });
              callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => resolve());
    });
    this.listenPort = (server.server.address() as AddressInfo).port;
    this.server = server;
  }
}

/** The calendar content of a received mail: the MIME alternative part and the attachment. */
export function calendarParts(mail: ReceivedMail): CalendarParts {
  const alternative = mail.parsed.attachments.find((part) => part.contentType === 'text/calendar');
  const attachment = mail.parsed.attachments.find((part) => part.filename === 'invite.ics');
  const contentType = alternative?.headers.get('content-type') as { params?: Record<string, string> } | undefined;
  return {
    alternative: alternative
      ? { method: contentType?.params?.method ?? null, charset: contentType?.params?.charset ?? null, content: alternative.content.toString('utf8') }
      : null,
    attachment: attachment ? attachment.content.toString('utf8') : null,
  };
}
