import { IsNull, Not, type DataSource } from 'typeorm';
import { MagicLinkRequest } from '../../src/auth/magic-link-request.entity';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { eventually } from './eventually';
import type { TestApp } from './test-app';

/**
 * Waits until the background issuer has handled every recorded link request, so the links it
 * e-mails are in the outbox. (A request is marked handled in the transaction that writes its mail.)
 */
export async function linkRequestsHandled(db: DataSource): Promise<void> {
  await eventually(async () => {
    expect(await db.getRepository(MagicLinkRequest).countBy({ pendingPersonId: Not(IsNull()) })).toBe(0);
  });
}

/** The tokens of every magic-link e-mail written to the outbox for this address. */
export async function magicLinkTokens(db: DataSource, recipient: string): Promise<string[]> {
  await linkRequestsHandled(db);
  const messages = await db.getRepository(OutboxMessage).findBy({ recipient, kind: 'magic-link' });
  return messages.map((message) => /\/auth\/callback\?token=([A-Za-z0-9_-]+)/.exec(message.textBody ?? '')?.[1] ?? '').filter(Boolean);
}

/** Requests a magic link over HTTP and returns the token the e-mail carries. */
export async function requestMagicToken(t: TestApp, email: string): Promise<string> {
  const before = new Set(await magicLinkTokens(t.dataSource, email));
  await t.http.post('/api/auth/magic-link').send({ email }).expect(202);
  const fresh = (await magicLinkTokens(t.dataSource, email)).filter((token) => !before.has(token));
  if (fresh.length !== 1) throw new Error(`expected one new magic-link e-mail to ${email}, found ${fresh.length}`);
  return fresh[0];
}

/** Signs in by magic link, as a person would, and returns the access token. */
export async function signInByMagicLink(t: TestApp, email: string): Promise<string> {
  const token = await requestMagicToken(t, email);
  const response = await t.http.post('/api/auth/token').send({ token }).expect(200);
  return response.body.accessToken as string;
}
