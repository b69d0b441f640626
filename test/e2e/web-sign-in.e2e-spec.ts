import { MAGIC_LINK_TTL_MS } from '../../src/auth/magic-link-policy';
import { Person } from '../../src/people/person.entity';
import { makeOrganisation, makePerson } from '../factories';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { linkRequestsHandled, magicLinkTokens, requestMagicToken } from '../support/magic-link';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';
import { cookieHeader, keepCookies, openForm } from '../support/web-form';

/** Posts the "Sign in" button of the page an e-mailed link opens, as a browser would. */
async function pressSignIn(t: TestApp, token: string, next?: string) {
  const query = new URLSearchParams({ token, ...(next ? { next } : {}) });
  const form = await openForm(t.http, `/auth/callback?${query}`);
  const response = await t.http
    .post('/auth/callback')
    .set('Cookie', cookieHeader(form.jar))
    .type('form')
    .send({ _csrf: form.csrf, token, ...(next ? { next } : {}) });
  keepCookies(form.jar, response.headers['set-cookie'] as unknown as string[]);
  return { response, jar: form.jar };
}

describe(`web sign-in (${testDialect()})`, () => {
  let t: TestApp;
  let organisationId: string;

  beforeAll(async () => {
    t = await createTestApp();
    organisationId = (await makeOrganisation(t.dataSource)).id;
  });
  afterAll(() => t.close());

  const person = (overrides: Partial<Person> = {}) => makePerson(t.dataSource, { organisationId, ...overrides });

  it('the start page tells a visitor what the service is and how to sign in', async () => {
    const page = await t.http.get('/').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<title>Book information skills training – Information skills training – NHS Ayrshire &amp; Arran</title>');
    expect(page.text).toMatch(/href="\/sign-in"[^>]*>\s*Sign in/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    const nonce = /'nonce-([^']+)'/.exec(page.headers['content-security-policy'] as string)![1];
    expect(page.text).toContain(`<script nonce="${nonce}">`);
  });

  it('asks for an address, e-mails a link with the page to come back to, and answers the same for unknown addresses', async () => {
    const learner = await person({ email: 'isla.munro@example.test' });
    for (const email of ['isla.munro@example.test', 'nobody.here@example.test']) {
      const form = await openForm(t.http, '/sign-in?next=%2Fbookings');
      const sent = await t.http
        .post('/sign-in')
        .set('Cookie', cookieHeader(form.jar))
        .type('form')
        .send({ _csrf: form.csrf, email, next: '/bookings' })
        .expect(200);
      expect(sent.text).toContain('<h1>Check your e-mail</h1>');
      expect(sent.text).toContain(email);
    }
    await linkRequestsHandled(t.dataSource);
    const [mail] = await t.dataSource.getRepository(OutboxMessage).findBy({ recipient: learner.email!, kind: 'magic-link' });
    expect(mail.textBody).toMatch(/\/auth\/callback\?token=[A-Za-z0-9_-]+&next=%2Fbookings/);
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ recipient: 'nobody.here@example.test' })).toBe(0);
  });

  it('re-renders the form with the NHS error pattern when the address is missing or malformed', async () => {
    const form = await openForm(t.http, '/sign-in');
    const page = await t.http
      .post('/sign-in')
      .set('Cookie', cookieHeader(form.jar))
      .type('form')
      .send({ _csrf: form.csrf, email: 'not an address' })
      .expect(400);
    expect(page.text).toMatch(/<title>Error: Sign in – /);
    expect(page.text).toContain('nhsuk-error-summary');
    expect(page.text).toContain('href="#email"');
    expect(page.text).toContain('Enter an e-mail address in the correct format, like name@example.com');
    expect(page.text).toContain('value="not an address"');
  });

  it('opening the link (GET or HEAD, as mail scanners do) does not use it; the button signs in and returns to `next`', async () => {
    const learner = await person({ roles: ['learner'] });
    const token = await requestMagicToken(t, learner.email!);
    await t.http.head(`/auth/callback?token=${token}`).expect(200);
    for (let i = 0; i < 3; i++) {
      const page = await t.http.get('/auth/callback').query({ token }).expect(200);
      expect(page.text).toMatch(/<button[^>]*>\s*Sign in\s*<\/button>/);
      expect((page.headers['set-cookie'] as unknown as string[] | undefined)?.some((c) => c.startsWith('tt_session='))).toBeFalsy();
    }

    const { response, jar } = await pressSignIn(t, token, '/bookings');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/bookings');
    const cookie = (response.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('tt_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect((await t.http.get('/api/people/me').set('Cookie', cookieHeader(jar)).expect(200)).body.id).toBe(learner.id);

    const used = await t.http.get('/auth/callback').query({ token }).expect(410);
    expect(used.text).toContain('This sign-in link has expired or has already been used');
    expect(used.text).toMatch(/Send me a new link/);
  });

  it('never sends a person to another site after signing in', async () => {
    const learner = await person();
    for (const next of ['//evil.example/x', '/\\evil.example', 'https://evil.example/']) {
      const token = await requestMagicToken(t, learner.email!);
      const { response } = await pressSignIn(t, token, next);
      expect(response.headers.location).toBe('/');
    }
  });

  it('an expired link offers a new one in one click, sent to the same person', async () => {
    const learner = await person();
    const token = await requestMagicToken(t, learner.email!);
    t.clock.advance(MAGIC_LINK_TTL_MS + 1000);
    const page = await t.http.get('/auth/callback').query({ token }).expect(410);
    const form = await openForm(t.http, `/auth/callback?token=${token}`);
    expect(page.text).toContain('action="/auth/new-link"');
    // The expired link's e-mail may be redacted meanwhile (the dispatcher never sends a dead link): look for a new link, not a count.
    const before = await magicLinkTokens(t.dataSource, learner.email!);
    const sent = await t.http
      .post('/auth/new-link')
      .set('Cookie', cookieHeader(form.jar))
      .type('form')
      .send({ _csrf: form.csrf, token })
      .expect(200);
    expect(sent.text).toContain('Check your e-mail');
    await linkRequestsHandled(t.dataSource);
    const fresh = (await magicLinkTokens(t.dataSource, learner.email!)).filter((link) => !before.includes(link));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).not.toBe(token);
  });

  it('a forged cross-site POST is refused with a page and signs nobody in; a stale form goes back to sign-in', async () => {
    const learner = await person();
    const token = await requestMagicToken(t, learner.email!);
    const forged = await t.http
      .post('/auth/callback')
      .set('Sec-Fetch-Site', 'cross-site')
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ token })
      .expect(403);
    expect(forged.headers['content-type']).toMatch(/^text\/html/);
    expect(forged.text).toContain('This form came from another website');
    const stale = await t.http.post('/auth/callback').type('form').send({ token, _csrf: 'stale' }).expect(303);
    expect(stale.headers.location).toMatch(/^\/sign-in\?next=.*reason=form-expired/);
    const { response } = await pressSignIn(t, token);
    expect(response.status).toBe(303);
  });

  it('a signed-in person whose form expired gets a way straight back, and a used link does not ask them for a new one', async () => {
    const learner = await person();
    const token = await requestMagicToken(t, learner.email!);
    const { jar } = await pressSignIn(t, token);
    const expired = await t.http
      .get('/sign-in?next=%2Fbookings&reason=form-expired')
      .set('Cookie', cookieHeader(jar))
      .expect(200);
    expect(expired.text).toContain('Your form had expired');
    expect(expired.text).toMatch(/href="\/bookings"[^>]*>\s*Go back and try again/);
    expect(expired.text).not.toContain('name="email"');
    const used = await t.http.get('/auth/callback').query({ token }).set('Cookie', cookieHeader(jar)).expect(410);
    expect(used.text).toContain('You are already signed in on this device');
    expect(used.text).not.toContain('Send me a new link');
  });

  it('signing out ends the session on the server', async () => {
    const learner = await person();
    const { jar } = await pressSignIn(t, await requestMagicToken(t, learner.email!));
    const form = await openForm(t.http, '/signed-out', jar.get('tt_session'));
    const out = await t.http.post('/sign-out').set('Cookie', cookieHeader(form.jar)).type('form').send({ _csrf: form.csrf }).expect(303);
    expect(out.headers.location).toBe('/signed-out');
    await t.http.get('/api/people/me').set('Cookie', `tt_session=${jar.get('tt_session')}`).expect(401);
  });

  it('sends a signed-out visitor of a protected page to sign in, and answers unknown pages with the 404 page', async () => {
    const protectedPage = await t.http.get('/bookings?view=past').expect(303);
    expect(protectedPage.headers.location).toBe('/sign-in?next=%2Fbookings%3Fview%3Dpast');
    const missing = await t.http.get('/no-such-page').expect(404);
    expect(missing.headers['content-type']).toMatch(/^text\/html/);
    expect(missing.text).toContain('Page not found');
    const api = await t.http.get('/api/no-such-thing').expect(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('serves nhsuk-frontend from the app with year-long caching and no web font from another host', async () => {
    const page = await t.http.get('/').expect(200);
    const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(page.text)![1];
    const css = await t.http.get(stylesheet).expect(200);
    expect(css.headers['cache-control']).toContain('max-age=31536000');
    expect(css.text).toContain('.nhsuk-header');
    expect(css.text).not.toContain('@font-face');
    expect(css.text).not.toMatch(/https?:\/\//);
    const icon = /url\((\/assets\/[^)]+\.svg)\)/.exec(css.text)![1];
    expect((await t.http.get(icon).expect(200)).headers['cache-control']).toContain('max-age=31536000');
  });
});

describe(`web sign-in over HTTPS (${testDialect()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_URL: 'https://training.example.nhs.uk' } });
  });
  afterAll(() => t.close());

  it('marks the session cookie Secure', async () => {
    const learner = await makePerson(t.dataSource, { organisationId: (await makeOrganisation(t.dataSource)).id });
    const { response } = await pressSignIn(t, await requestMagicToken(t, learner.email!));
    expect((response.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('tt_session='))).toMatch(/Secure/);
  });
});
