import { EntityManager } from 'typeorm';
import { renderMail } from './mail-document';
import { OutboxMessage } from './outbox-message.entity';

/** What a sign-in e-mail's row says once its link has been removed. */
export const REDACTED_SIGN_IN_MAIL = renderMail({
  subject: 'Your sign-in link for library training',
  heading: 'Sign in to library training',
  blocks: [
    {
      kind: 'paragraph',
      text: 'This e-mail held a one-time sign-in link. The service removed the link from its records once the e-mail was sent or the link expired.',
    },
  ],
});

/** Why an expired sign-in e-mail was not sent, in its row. */
const EXPIRED_BEFORE_DELIVERY = 'The sign-in link expired before the e-mail could be delivered; not sent.';

/**
 * A sign-in e-mail whose link expired before it went out (written `linkTtlMs` or more before
 * `now`): the changes to its row that stand for "not sent, link removed", or null when it may
 * still go. The dispatcher asks before each send, so a claimed message is never sent dead.
 */
export function expiredSignInMail(message: Pick<OutboxMessage, 'kind' | 'createdAt'>, now: Date, linkTtlMs: number): Partial<OutboxMessage> | null {
  if (message.kind !== 'magic-link' || message.createdAt.getTime() + linkTtlMs > now.getTime()) return null;
  return { status: 'failed', lastError: EXPIRED_BEFORE_DELIVERY, textBody: REDACTED_SIGN_IN_MAIL.text, htmlBody: REDACTED_SIGN_IN_MAIL.html };
}

/**
 * Removes the link from sign-in e-mails that no longer need it: sent ones, and ones written
 * before `expiredBefore` (their link no longer works). An expired one not yet sent is marked
 * failed, so nobody is e-mailed a dead link. Rows a dispatcher holds (lockedUntil in the future)
 * are left for the next round. Idempotent: any number of instances may run it. Resolves with how
 * many e-mails it redacted.
 */
export async function redactSignInMail(manager: EntityManager, now: Date, expiredBefore: Date): Promise<number> {
  const notClaimed = '("lockedUntil" IS NULL OR "lockedUntil" < :now)';
  await manager
    .createQueryBuilder()
    .update(OutboxMessage)
    .set({ status: 'failed', lastError: EXPIRED_BEFORE_DELIVERY })
    .where(`kind = 'magic-link' AND status = 'pending' AND "createdAt" < :expiredBefore`, { expiredBefore })
    .andWhere(notClaimed, { now })
    .execute();
  const redacted = await manager
    .createQueryBuilder()
    .update(OutboxMessage)
    .set({ textBody: REDACTED_SIGN_IN_MAIL.text, htmlBody: REDACTED_SIGN_IN_MAIL.html })
    .where(`kind = 'magic-link' AND "textBody" <> :redacted`, { redacted: REDACTED_SIGN_IN_MAIL.text })
    .andWhere(`(status = 'sent' OR "createdAt" < :expiredBefore)`, { expiredBefore })
    .andWhere(notClaimed, { now })
    .execute();
  return redacted.affected ?? 0;
}
