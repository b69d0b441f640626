/// <reference lib="dom" />
// page.evaluate callbacks run in the browser and use its DOM types.
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { Browser, chromium, Locator, Page } from 'playwright-core';
import { RunningService, startService } from './browser-app';
import { linkIn } from './mailbox';

/** Debian's chromium, which .ci/run installs with apt-get; Playwright's own download is unreachable here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** WCAG 2.0, 2.1 and 2.2, levels A and AA (axe has no 2.2 A rules of its own). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Narrowest width a page must fit without horizontal scrolling (WCAG 1.4.10 Reflow). */
export const REFLOW_WIDTH = 320;

/** Screenshots are taken this wide, which keeps the PNGs in docs/ small. */
const VIEWPORT = { width: 1024, height: 768 };

export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'docs', 'screenshots');
const FAILURE_SCREENSHOT_DIR = join(tmpdir(), 'tt-browser-failures');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no browser at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** What a page did that no page of ours should: asked another host, threw, logged an error. */
interface PageWatch {
  javaScript: boolean;
  appOrigin: string;
  foreignRequests: string[];
  pageErrors: string[];
  consoleErrors: string[];
  brokenResources: string[];
}

const watches = new WeakMap<Page, PageWatch>();

function watchOf(page: Page): PageWatch {
  const watch = watches.get(page);
  if (!watch) throw new Error('open the page with openPage() so that the harness watches it');
  return watch;
}

/**
 * A page in a fresh browser context (its own cookies), 1024 px wide, en-GB, with or without
 * JavaScript. Requests to any host other than the app are recorded and aborted: the NHS web
 * font's host, for one, must never be asked.
 */
export async function openPage(browser: Browser, baseUrl: string, options: { javaScript?: boolean } = {}): Promise<Page> {
  const javaScript = options.javaScript ?? true;
  const appOrigin = new URL(baseUrl).origin;
  const context = await browser.newContext({
    baseURL: baseUrl,
    javaScriptEnabled: javaScript,
    viewport: VIEWPORT,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  const watch: PageWatch = { javaScript, appOrigin, foreignRequests: [], pageErrors: [], consoleErrors: [], brokenResources: [] };
  const isForeign = (url: URL) => /^(https?|wss?):$/.test(url.protocol) && url.origin !== appOrigin;
  await context.route(isForeign, (route) => route.abort('blockedbyclient'));
  context.on('request', (request) => {
    if (isForeign(new URL(request.url()))) watch.foreignRequests.push(`${request.method()} ${request.url()}`);
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => watch.pageErrors.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // The document's own 4xx/5xx status (a 404 page, a form re-rendered with 400) is logged as a
    // failed resource; it is the page under test, not a broken part of it.
    const location = message.location().url;
    if (/^Failed to load resource/.test(message.text()) && location === page.url()) return;
    watch.consoleErrors.push(`${location}: ${message.text()}`);
  });
  page.on('response', (response) => {
    const request = response.request();
    if (response.status() >= 400 && request.resourceType() !== 'document') {
      watch.brokenResources.push(`${response.status()} ${request.method()} ${request.url()}`);
    }
  });
  page.on('requestfailed', (request) => {
    // Leaving a page cancels what it was still fetching (often the favicon): ERR_ABORTED is the
    // browser's choice, not a broken resource, which answers 4xx/5xx or fails to connect.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    if (!isForeign(new URL(request.url())) && request.resourceType() !== 'document') {
      watch.brokenResources.push(`failed (${request.failure()?.errorText ?? 'unknown'}) ${request.method()} ${request.url()}`);
    }
  });
  watches.set(page, watch);
  return page;
}

/** Fails naming every request the page's context sent to a host other than the app. */
export function expectOnlyAppRequests(page: Page): void {
  const { foreignRequests, appOrigin } = watchOf(page);
  if (foreignRequests.length > 0) {
    throw new Error(`requests to hosts other than the app (${appOrigin}):\n  ${foreignRequests.join('\n  ')}`);
  }
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * In legacy mode @axe-core/playwright (4.13.0, and 4.14.1 still) races each frame's injection
 * against a 1 s timer it never clears, which keeps the test process alive up to 1 s after the
 * check: a jest worker that ends inside that second is force-exited with a warning about leaks.
 * Closing the harness waits out the timers of the last legacy check (see settleAxeTimers).
 */
const AXE_INJECTION_TIMER_MS = 1_000;
let lastLegacyAxeCheckEndedAt = 0;

async function settleAxeTimers(): Promise<void> {
  const remainingMs = lastLegacyAxeCheckEndedAt + AXE_INJECTION_TIMER_MS - Date.now();
  if (remainingMs > 0) await new Promise((resolve) => setTimeout(resolve, remainingMs));
}

/** axe-core's WCAG 2.0/2.1/2.2 A and AA violations on the page as it is now. */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  const { javaScript } = watchOf(page);
  let builder = new AxeBuilder({ page }).withTags(AXE_TAGS);
  if (!javaScript) {
    // With scripts off Chromium runs the harness's evaluations but fires no timers, and axe waits
    // on timers. The page itself has no script running to disturb, so timers become microtasks
    // and axe runs in the page alone (legacy mode: no extra page for merging frame results).
    await page.evaluate(() => {
      window.setTimeout = ((callback: (...args: unknown[]) => void, _delay?: number, ...args: unknown[]) => {
        void Promise.resolve().then(() => callback(...args));
        return 0;
      }) as typeof window.setTimeout;
      window.clearTimeout = () => undefined;
    });
    builder = builder.setLegacyMode(true);
  }
  const results = await builder.analyze();
  if (!javaScript) lastLegacyAxeCheckEndedAt = Date.now();
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact ?? null,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
  }));
}

/**
 * How wide the page is at 320 CSS px, with the elements that stick out; the viewport is put
 * back afterwards.
 */
export async function reflowAt320(page: Page): Promise<{ scrollWidth: number; overflowing: string[] }> {
  const { javaScript } = watchOf(page);
  const previous = page.viewportSize() ?? VIEWPORT;
  await page.setViewportSize({ width: REFLOW_WIDTH, height: previous.height });
  try {
    // Let the page's own scripts (nhsuk-frontend's header) react to the resize first.
    if (javaScript) await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    return await page.evaluate((width) => {
      const describe = (element: Element) =>
        element.tagName.toLowerCase() +
        (element.id ? `#${element.id}` : '') +
        Array.from(element.classList).map((name) => `.${name}`).join('');
      const overflowing = Array.from(document.body.querySelectorAll('*'))
        .filter((element) => element.getBoundingClientRect().right > width + 0.5)
        .filter((element) => !Array.from(element.children).some((child) => child.getBoundingClientRect().right > width + 0.5))
        .slice(0, 5)
        .map((element) => `${describe(element)} (right edge ${Math.round(element.getBoundingClientRect().right)} px)`);
      return { scrollWidth: document.documentElement.scrollWidth, overflowing };
    }, REFLOW_WIDTH);
  } finally {
    await page.setViewportSize(previous);
  }
}

export interface CheckPageOptions {
  /**
   * Save docs/screenshots/<name>.png. Default: yes with JavaScript on, no with it off (a journey
   * run both ways keeps one picture per page). SAVE_SCREENSHOTS=false turns all saving off.
   */
  screenshot?: boolean;
}

/**
 * The checks every page the tests reach must pass, in the state it is in: no axe WCAG A/AA
 * violation, no horizontal scrolling at 320 px, no request to another host, no script error,
 * no console error, no sub-resource that failed to load. Then a full-page screenshot for docs/.
 * Fails listing every problem found; a failing page's screenshot goes to a temp folder instead.
 */
export async function checkPage(page: Page, name: string, options: CheckPageOptions = {}): Promise<void> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) throw new Error(`screenshot name "${name}" must be kebab-case`);
  const watch = watchOf(page);
  const problems: string[] = [];

  // A test that waited for some text after a click may get here before the stylesheet has
  // arrived: unstyled, the header's links are too small for axe's target-size rule.
  await page.waitForLoadState('load');
  const violations = await accessibilityViolations(page);
  if (violations.length > 0) {
    problems.push(
      `axe found ${violations.length} WCAG A/AA violation(s):\n` +
        violations.map((v) => `  - ${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n      ${v.targets.join('\n      ')}`).join('\n'),
    );
  }
  const reflow = await reflowAt320(page);
  if (reflow.scrollWidth > REFLOW_WIDTH) {
    problems.push(`scrolls horizontally at ${REFLOW_WIDTH} px: scrollWidth ${reflow.scrollWidth}; sticking out:\n  ${reflow.overflowing.join('\n  ')}`);
  }
  const lists: [string, string[]][] = [
    ['requests to hosts other than the app', watch.foreignRequests],
    ['script errors', watch.pageErrors],
    ['console errors', watch.consoleErrors],
    ['sub-resources that failed to load', watch.brokenResources],
  ];
  for (const [label, items] of lists) {
    if (items.length > 0) problems.push(`${label}:\n  ${items.join('\n  ')}`);
  }

  if (problems.length > 0) {
    mkdirSync(FAILURE_SCREENSHOT_DIR, { recursive: true });
    const failurePath = join(FAILURE_SCREENSHOT_DIR, `${name}.png`);
    await page.screenshot({ path: failurePath, fullPage: true, animations: 'disabled', caret: 'hide' });
    throw new Error(`page "${name}" (${page.url()}, JavaScript ${watch.javaScript ? 'on' : 'off'}) fails its checks (screenshot: ${failurePath}):\n${problems.join('\n')}`);
  }
  if ((options.screenshot ?? watch.javaScript) && process.env.SAVE_SCREENSHOTS !== 'false') {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true, animations: 'disabled', caret: 'hide' });
  }
}

/** The element that has focus, described for a failure message. */
function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return '(page)';
    const label = element.getAttribute('aria-label') ?? (element as HTMLInputElement).labels?.[0]?.textContent ?? element.textContent ?? '';
    return `${element.tagName.toLowerCase()} "${label.trim().replace(/\s+/g, ' ').slice(0, 60)}"`;
  });
}

/**
 * Moves the focus with the Tab key alone until `target` has it, as a keyboard user would, e.g.
 * `page.getByRole('button', { name: 'Sign in' })` or `page.getByLabel('Email address')`.
 * Fails, naming where the focus went, if Tab never reaches it.
 */
export async function tabTo(page: Page, target: Locator, maxPresses = 80): Promise<void> {
  await target.waitFor({ state: 'visible' });
  const visited: string[] = [];
  for (let presses = 0; presses <= maxPresses; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    if (presses === maxPresses) break;
    await page.keyboard.press('Tab');
    visited.push(await describeFocus(page));
  }
  throw new Error(`Tab never reached ${String(target)} in ${maxPresses} presses; the focus went to:\n  ${[...new Set(visited)].join('\n  ')}`);
}

/**
 * Tabs to a link or button and activates it with Enter (links, buttons) or Space (buttons,
 * checkboxes, radios). Does not wait for a navigation: wrap it with page.waitForURL.
 */
export async function pressByKeyboard(page: Page, target: Locator, key: 'Enter' | 'Space' = 'Enter'): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press(key === 'Space' ? ' ' : 'Enter');
}

/** Tabs to a text field and types into it, key by key. */
export async function typeByKeyboard(page: Page, target: Locator, text: string): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.type(text);
}

/** The service, a browser, and pages opened on the service. One per spec file. */
export interface BrowserHarness {
  service: RunningService;
  browser: Browser;
  baseUrl: string;
  openPage(options?: { javaScript?: boolean }): Promise<Page>;
  /**
   * Signs the page's browser in as `email` the short way, for tests about what comes after:
   * asks for a link through the API, opens it from the e-mail and presses "Sign in".
   */
  signIn(page: Page, email: string): Promise<void>;
  close(): Promise<void>;
}

export async function startBrowserHarness(options: { env?: Record<string, string> } = {}): Promise<BrowserHarness> {
  const [started, launched] = await Promise.allSettled([startService(options), launchChromium()]);
  if (started.status === 'rejected' || launched.status === 'rejected') {
    if (started.status === 'fulfilled') await started.value.stop();
    if (launched.status === 'fulfilled') await launched.value.close();
    throw started.status === 'rejected' ? started.reason : (launched as PromiseRejectedResult).reason;
  }
  const service = started.value;
  const browser = launched.value;
  return {
    service,
    browser,
    baseUrl: service.baseUrl,
    openPage: (pageOptions = {}) => openPage(browser, service.baseUrl, pageOptions),
    signIn: async (page, email) => {
      await service.api.post('/api/auth/magic-link', { email }, 202);
      const link = linkIn(await service.mail.waitFor(email, /sign-in link/i), service.baseUrl, '/auth/callback');
      await page.goto(link);
      await Promise.all([
        page.waitForURL((url) => url.pathname !== '/auth/callback'),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
    },
    close: async () => {
      await browser.close();
      await service.stop();
      await settleAxeTimers();
    },
  };
}
