import { ApiClient } from '../support/api-client';
import { BrowserHarness, checkPage, pressByKeyboard, startBrowserHarness, typeByKeyboard } from '../support/browser';
import { linkIn } from '../support/mailbox';
import { testDialect } from '../support/test-database';

/**
 * Signing in as a person does it, by keyboard alone: ask for a link, read the real e-mail, let a
 * mail link scanner open it first, press "Sign in", land on the home page; a used link offers a
 * new one; "Sign out" ends the sign-in. Every page on the way passes checkPage.
 */
describe(`signing in through the browser (${testDialect()})`, () => {
  let h: BrowserHarness;
  let admin: ApiClient;
  let organisationId: string;

  beforeAll(async () => {
    h = await startBrowserHarness();
    admin = await h.service.admin();
    organisationId = (await admin.createOrganisation({ code: 'NAHSCP', name: 'North Ayrshire Health and Social Care Partnership' })).id;
  });
  afterAll(() => h?.close());

  describe.each([
    { javaScript: true, name: 'Alex Morgan', email: 'alex.morgan@example.test' },
    { javaScript: false, name: 'Sam Taylor', email: 'sam.taylor@example.test' },
  ])('JavaScript $javaScript', ({ javaScript, name, email }) => {
    it('signs in from the e-mailed link, then out again, by keyboard', async () => {
      await admin.createPerson({ organisationId, name, email });
      const page = await h.openPage({ javaScript });
      const title = () => page.title();

      await page.goto('/');
      await Promise.all([page.waitForURL('/sign-in'), pressByKeyboard(page, page.getByRole('button', { name: 'Sign in' }))]);
      expect(await title()).toBe('Sign in – Information skills training – NHS Ayrshire & Arran');
      await checkPage(page, 'sign-in');

      // A mistyped address comes back with the NHS error pattern and what was typed kept.
      const address = page.getByLabel('Work e-mail address');
      await typeByKeyboard(page, address, 'alex.morgan.example.test');
      await pressByKeyboard(page, page.getByRole('button', { name: 'Send me a sign-in link' }));
      const errorSummary = page.getByRole('alert');
      await errorSummary.waitFor();
      expect(await title()).toMatch(/^Error: Sign in – /);
      await expect(errorSummary.getByRole('link').getAttribute('href')).resolves.toBe('#email');
      await expect(address.inputValue()).resolves.toBe('alex.morgan.example.test');
      await checkPage(page, 'sign-in-error');

      await address.focus();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(email);
      await pressByKeyboard(page, page.getByRole('button', { name: 'Send me a sign-in link' }));
      await page.getByRole('heading', { name: 'Check your e-mail' }).waitFor();
      await expect(page.getByText(email).count()).resolves.toBeGreaterThan(0);
      await checkPage(page, 'check-email');

      const mail = await h.service.mail.waitFor(email, /sign-in link/i);
      const link = linkIn(mail, h.baseUrl, '/auth/callback');
      // Outlook Safe Links opens every link before the person does; that must not use it up.
      expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);
      expect((await fetch(link)).status).toBe(200);

      await page.goto(link);
      await checkPage(page, 'sign-in-confirm');
      await Promise.all([page.waitForURL('/sessions'), pressByKeyboard(page, page.getByRole('button', { name: 'Sign in' }))]);
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await checkPage(page, 'home-learner', { screenshot: false });
      const [cookie] = (await page.context().cookies()).filter((candidate) => candidate.name === 'tt_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

      // The link worked once: opened again on the same device, it says no new one is needed.
      expect((await page.goto(link))?.status()).toBe(410);
      await page.getByText('You are already signed in on this device').waitFor();

      await page.goto('/sessions');
      await Promise.all([page.waitForURL('/signed-out'), pressByKeyboard(page, page.getByRole('button', { name: 'Sign out' }))]);
      await checkPage(page, 'signed-out');
      // Signed out on the server too: the old cookie no longer opens a protected page.
      await page.context().addCookies([cookie]);
      await page.goto('/sessions');
      expect(new URL(page.url()).pathname).toBe('/sign-in');

      // Signed out, the used link offers a new one, which is e-mailed.
      expect((await page.goto(link))?.status()).toBe(410);
      await checkPage(page, 'sign-in-link-used');
      await pressByKeyboard(page, page.getByRole('button', { name: 'Send me a new link' }));
      await page.getByRole('heading', { name: 'Check your e-mail' }).waitFor();
      await checkPage(page, 'new-link-sent');
      const newLink = linkIn(await h.service.mail.waitFor(email, /sign-in link/i), h.baseUrl, '/auth/callback');
      expect(newLink).not.toBe(link);
    });
  });
});
