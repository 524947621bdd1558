// Debian's Chromium, driven headless by playwright-core, for the browser tests and the canvas
// benchmark: launching it, signing in through the real sign-in page, and saving screenshots.
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from './product-server.ts';

export const CHROMIUM_PATH = process.env['FLOWSYNC_CHROMIUM_PATH'] || '/usr/bin/chromium';
export const VIEWPORT = { width: 1440, height: 900 };
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Launches headless Chromium (a fresh temporary profile per launch). Throws a clear error when
 * Chromium is not installed: the browser tests fail rather than skip.
 *
 * @example
 * ```ts
 * const browser = await launchChromium();
 * const page = await newPage(browser);
 * ```
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}, so the browser tests cannot run. ` +
        '`npm test` installs it when run as root (apt-get install chromium); otherwise run ' +
        '`sudo apt-get install chromium`, or point FLOWSYNC_CHROMIUM_PATH at a Chromium binary.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors of the page so far (a test can assert there were none). */
  pageErrors: string[];
}

/**
 * A page in a context of its own (own cookies: one signed-in user per context), 1440×900.
 *
 * @example
 * ```ts
 * const { page } = await newPage(browser);
 * await signIn(page, server.url, { email, password });
 * ```
 */
export async function newPage(browser: Browser): Promise<TestPage> {
  const context = await browser.newContext({ viewport: VIEWPORT, reducedMotion: 'reduce' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, pageErrors };
}

/**
 * Signs in through the sign-in page and waits until the app has left it.
 *
 * @example
 * ```ts
 * await signIn(page, server.url, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
 * ```
 */
export async function signIn(
  page: Page,
  baseUrl: string,
  user: { email: string; password: string },
  options: { screenshot?: string } = {},
): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  if (options.screenshot) await screenshot(page, options.screenshot);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/**
 * Saves a screenshot of the viewport to test-results/screenshots/<name>.png and prints its path.
 *
 * @example
 * ```ts
 * await screenshot(page, 'flows-list');
 * ```
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  console.log(`screenshot: ${relative(REPO_ROOT, path)}`);
  return path;
}
