/**
 * The console's browser tests' tools: Debian's Chromium driven by playwright-core (no browser is downloaded),
 * axe-core injected from node_modules, screenshots at desktop and phone widths, and bounded waits.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page, type Route } from 'playwright-core';

/** Where the browser is: `CHROMIUM_PATH`, else Debian's package. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether the browser is installed. */
export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

/**
 * Whether the browser suites run: where Chromium is installed, and always in CI, which installs it (a missing
 * browser then fails the suite in {@link launchBrowser} instead of skipping it).
 */
export const BROWSER_SUITES_RUN = hasChromium() || process.env.CI === 'true';

/** Where the screenshots the app README shows are committed. */
export const COMMITTED_SCREENSHOTS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../docs/screenshots',
);

/**
 * Where the tests write their screenshots: the committed folder with `UPDATE_SCREENSHOTS=1`, else a temporary
 * one (each run's pictures differ by their times and ids; a plain test run leaves the work tree clean).
 */
export async function screenshotFolder(): Promise<string> {
  if (process.env.UPDATE_SCREENSHOTS === '1') return COMMITTED_SCREENSHOTS;
  return mkdtemp(path.join(tmpdir(), 'console-screenshots-'));
}

/** Desktop and phone widths of the screenshots. */
export const WIDTHS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 360, height: 740 },
] as const;

/** A browser with a fresh profile; `close()` removes the profile. */
export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Launches Chromium headless, as root in a container can (no sandbox), with a fresh user-data folder.
 * @throws Error naming the path and the package when Chromium is missing
 */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!hasChromium()) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install chromium`);
  const profile = await mkdtemp(path.join(tmpdir(), 'console-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 800 },
    locale: 'tr-TR',
    timezoneId: 'Europe/Istanbul',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Runs axe-core on the page (evaluated through the DevTools protocol, which the page's CSP does not block) and
 * returns its serious and critical violations, in words.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const source = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const violations = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations)`,
  )) as AxeViolation[];
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
          .map((node) => JSON.stringify(node.target))
          .join(', ')}`,
    );
}

/**
 * Takes the page's screenshots at desktop and phone widths into `folder` as `<name>-<width>.png` (the whole
 * page, or what the window shows with `fullPage: false`), then restores the desktop size.
 */
export async function screenshots(
  page: Page,
  folder: string,
  name: string,
  options = { fullPage: true },
): Promise<void> {
  for (const size of WIDTHS) {
    await page.setViewportSize({ width: size.width, height: size.height });
    // The layout settles at the new width before the picture (no fixed delay: the next frame).
    await page.evaluate(
      'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))',
    );
    await page.screenshot({
      path: path.join(folder, `${name}-${size.width}.png`),
      fullPage: options.fullPage,
      animations: 'disabled',
      caret: 'hide',
    });
  }
  await page.setViewportSize({ width: WIDTHS[0].width, height: WIDTHS[0].height });
}

/**
 * Polls `check` until it returns a value other than `undefined`/`false`, or fails after `timeoutMs`.
 * @param what - what is awaited, for the failure message
 * @param check - the condition
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A request of the page held by {@link holdRequest}. */
export interface HeldRequest {
  /** Resolves once the page has sent the request (it is held, unanswered). */
  sent: Promise<void>;
  /** Lets the request go on to the service, and holds no other. */
  release(): Promise<void>;
}

/**
 * Holds the page's next GET of a path until `release()`, so that a test reads what the page shows while that
 * answer is on its way (no delay: the request waits for the test).
 * @param page - the page
 * @param pathname - the request's path, e.g. `/admin/shops/kupa/setup`
 * @param query - query parameters the request must carry (any other query otherwise)
 */
export async function holdRequest(
  page: Page,
  pathname: string,
  query: Record<string, string> = {},
): Promise<HeldRequest> {
  const matches = (url: URL) =>
    url.pathname === pathname &&
    Object.entries(query).every(([key, value]) => url.searchParams.get(key) === value);
  let seen: () => void = () => undefined;
  const sent = new Promise<void>((resolve) => {
    seen = resolve;
  });
  let letGo: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    letGo = resolve;
  });
  let holding: Promise<void> | undefined;
  const handler = async (route: Route) => {
    if (holding || route.request().method() !== 'GET') return route.fallback();
    holding = released.then(() => route.continue());
    seen();
    await holding;
  };
  await page.route(matches, handler);
  return {
    sent,
    async release() {
      letGo();
      await holding;
      await page.unroute(matches, handler);
    },
  };
}
