import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { Environment } from '../config/environment';
import type { SqlQuery } from '../database/sqlite-bulk-connection';
import type { Person } from '../people/person.entity';
import { magicLinkMail, welcomeMail } from './mail-templates';
import { MAIL_PRIORITY } from './outbox-message.entity';
import { OutboxService } from './outbox.service';

/** E-mails about a person's account (sign-in), written to the outbox in the caller's transaction. */
@Injectable()
export class AccountMailer {
  constructor(
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly environment: Environment,
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

  /**
   * Welcome e-mails to people just added by an import, in one statement on the import's
   * connection: what the service is and how to sign in.
   */
  async welcome(query: SqlQuery, people: Array<Pick<Person, 'id' | 'name' | 'email'>>): Promise<void> {
    const signInUrl = `${this.environment.publicUrl}/sign-in`;
    await this.outbox.enqueueMany(
      query,
      people
        .filter((person): person is typeof person & { email: string } => person.email !== null)
        .map((person) => {
          const mail = welcomeMail({ personName: person.name, email: person.email, signInUrl });
          return { kind: 'welcome', recipient: person.email, subject: mail.subject, textBody: mail.text, htmlBody: mail.html, personId: person.id };
        }),
    );
  }
}
