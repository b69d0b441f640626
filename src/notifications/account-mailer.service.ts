import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Person } from '../people/person.entity';
import { OutboxService } from './outbox.service';

/** E-mails about a person's account (sign-in), written to the outbox in the caller's transaction. */
@Injectable()
export class AccountMailer {
  constructor(private readonly outbox: OutboxService) {}

  async magicLink(manager: EntityManager, person: Person, link: string, expiresAt: Date): Promise<void> {
    if (!person.email) return;
    const text = `Sign in to training: ${link}\n\nThe link works once and until ${expiresAt.toISOString()}.`;
    await this.outbox.enqueue(manager, {
      kind: 'magic-link',
      recipient: person.email,
      subject: 'Your sign-in link',
      textBody: text,
      htmlBody: `<p>${text}</p>`,
      personId: person.id,
    });
  }
}
