import type { MailOverviewDto, OutboxMessageDto } from '../../notifications/dto/outbox-message.dto';
import { londonDateTime } from '../presenters/london-time';
import type { TagColour } from '../presenters/my-bookings-view';
import { pagination, type PaginationView } from '../presenters/pagination';

export const FAILED_PAGE_SIZE = 50;
const MAIL = '/admin/mail';

export interface MessageRow {
  id: string;
  recipient: string;
  subject: string;
  attempts: string;
  lastError: string;
  queued: string;
  nextAttempt?: string;
  retryAction: string;
}

export interface MailPageView {
  pageTitle: string;
  columnWidth: 'full';
  server: {
    tag: { text: string; colour: TagColour };
    /** What the check found, in a sentence. */
    text: string;
    error?: string;
  };
  lastSent: string;
  counts: { failed: string; delayed: string; waiting: string };
  failed: { total: number; heading: string; rows: MessageRow[]; pagination?: PaginationView; pastTheEnd: boolean; retryAllText: string };
  delayed: { total: number; heading: string; rows: MessageRow[]; more?: string };
  banner?: { heading: string; text?: string; variant: 'success' | 'warning' };
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function messageRow(message: OutboxMessageDto): MessageRow {
  return {
    id: message.id,
    recipient: message.recipient,
    subject: message.subject,
    attempts: String(message.attempts),
    lastError: message.lastError ?? 'None recorded',
    queued: londonDateTime(message.createdAt),
    nextAttempt: message.nextAttemptAt ? londonDateTime(message.nextAttemptAt) : undefined,
    retryAction: `${MAIL}/${message.id}/retry`,
  };
}

/** What a retry or a refused retry did, from the query after the redirect. */
export function mailBanner(retried: unknown, notice: unknown): MailPageView['banner'] {
  if (notice === 'not-failed') {
    return { variant: 'warning', heading: 'That e-mail had not failed', text: 'It has been sent, or it is already waiting to be sent again.' };
  }
  const n = typeof retried === 'string' && /^\d{1,9}$/.test(retried) ? Number(retried) : undefined;
  if (n === undefined) return undefined;
  if (n === 0) return { variant: 'warning', heading: 'No e-mails had failed', text: 'There was nothing to send again.' };
  return {
    variant: 'success',
    heading: `${count(n, 'e-mail', 'e-mails')} will be sent again`,
    text: 'They go out within a few seconds if the mail server answers. If it does not, they wait and are tried again automatically.',
  };
}

export function mailPageView(overview: MailOverviewDto, pageNumber: number, banner: MailPageView['banner']): MailPageView {
  const { delivery, failed, delayed } = overview;
  const server: MailPageView['server'] =
    delivery.kind === 'file'
      ? { tag: { text: 'No mail server', colour: 'yellow' }, text: `No mail server is set up (SMTP_URL), so e-mails are written as files to ${delivery.destination} and nobody receives them.` }
      : delivery.reachable
        ? { tag: { text: 'Reachable', colour: 'green' }, text: `The mail server at ${delivery.destination} answered just now.` }
        : {
            tag: { text: 'Not reachable', colour: 'red' },
            text: `The mail server at ${delivery.destination} did not answer just now. E-mails wait and are tried again automatically; those that run out of attempts are listed as failed.`,
            error: delivery.error ?? undefined,
          };
  return {
    pageTitle: 'Mail',
    columnWidth: 'full',
    server,
    lastSent: delivery.lastSentAt ? londonDateTime(delivery.lastSentAt) : 'No e-mail has been sent yet',
    counts: {
      failed: count(delivery.failed, 'e-mail', 'e-mails'),
      delayed: count(delivery.delayed, 'e-mail', 'e-mails'),
      waiting: count(delivery.waiting, 'e-mail', 'e-mails'),
    },
    failed: {
      total: failed.total,
      heading: `Failed e-mails (${failed.total})`,
      rows: failed.items.map(messageRow),
      pagination: pagination(pageNumber, Math.ceil(failed.total / FAILED_PAGE_SIZE), (n) => `${MAIL}?page=${n}#failed`),
      pastTheEnd: failed.items.length === 0 && failed.total > 0,
      retryAllText: failed.total === 1 ? 'Retry the failed e-mail' : `Retry all ${failed.total} failed e-mails`,
    },
    delayed: {
      total: delayed.total,
      heading: `Delayed e-mails (${delayed.total})`,
      rows: delayed.items.map(messageRow),
      more: delayed.total > delayed.items.length ? `Showing the ${delayed.items.length} to be tried soonest.` : undefined,
    },
    banner,
  };
}
