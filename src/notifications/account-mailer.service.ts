import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import type { Person } from '../people/person.entity';
import { magicLinkMail } from './mail-templates';
import { MAIL_PRIORITY } from './outbox-message.entity';
import { OutboxService } from './outbox.service';

/** E-mails about a person's account (sign-in), written to the outbox in the caller's transaction. */
@Injectable()
export class AccountMailer {
  constructor(
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  async magicLink(manager: EntityManager, person: Person, link: string, expiresAt: Date): Promise<void> {
    if (!person.email) return;
    const minutesValid = Math.max(1, Math.round((expiresAt.getTime() - this.clock.now().getTime()) / 60_000));
    const mail = magicLinkMail({ personName: person.name, link, expiresAt, minutesValid });
    await this.outbox.enqueue(manager, {
      kind: 'magic-link',
      recipient: person.email,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
      personId: person.id,
      priority: MAIL_PRIORITY.signIn,
    });
  }
}
