// One product server and one Chromium per test file: started in `before`, stopped in `after`, so the
// tests of a file share them (a browser test file costs one server start, not one per test).
import { after, afterEach, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { createUser, signInApi, type ApiSession, type Role, type TestUser } from './api-session.ts';
import { launchChromium, newPage, screenshot, signIn, type TestPage } from './browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startProductServer, type ProductServer } from './product-server.ts';

export interface BrowserFixture {
  server: ProductServer;
  browser: Browser;
  /** The first admin's API session. */
  admin: ApiSession;
  adminUser: TestUser;
  /** Creates a user with this role (through the API, as the admin). */
  user(role: Role, name?: string): Promise<TestUser>;
  /** A fresh browser context signed in as `user` (closed in `after`). */
  signedInPage(user: TestUser, options?: { screenshot?: string }): Promise<TestPage>;
}

/**
 * Registers `before`/`after` hooks that start the product and Chromium for the calling test file, and
 * returns an object whose fields are filled once `before` has run.
 *
 * @example
 * ```ts
 * const product = useBrowserFixture();
 * it('shows the flows', async () => {
 *   const { page } = await product.signedInPage(product.adminUser);
 * });
 * ```
 */
export function useBrowserFixture(options: { env?: Record<string, string> } = {}): BrowserFixture {
  const pages: TestPage[] = [];
  const fixture = {
    adminUser: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, name: 'Admin', role: 'admin' },
  } as BrowserFixture;
  before(
    async () => {
      const [started, launched] = await Promise.allSettled([
        startProductServer(options.env ? { env: options.env } : {}),
        launchChromium(),
      ]);
      // Whatever started is stopped in `after`, even when the other one failed.
      if (started.status === 'fulfilled') fixture.server = started.value;
      if (launched.status === 'fulfilled') fixture.browser = launched.value;
      if (started.status === 'rejected') throw started.reason;
      if (launched.status === 'rejected') throw launched.reason;
      const { server, browser } = fixture;
      fixture.admin = await signInApi(server.url);
      fixture.user = (role, name) => createUser(fixture.admin, role, name);
      fixture.signedInPage = async (user, signInOptions = {}) => {
        const testPage = await newPage(browser);
        pages.push(testPage);
        await signIn(testPage.page, server.url, user, signInOptions);
        return testPage;
      };
    },
    { timeout: 90_000 },
  );
  // A failed test leaves a screenshot of every page it had open (failure-<test>-<n>.png), and the
  // errors the pages threw, to see what the browser saw.
  afterEach(async (t) => {
    if (!('passed' in t) || t.passed) return;
    const slug = t.name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60);
    for (const [index, { page, pageErrors }] of pages.entries()) {
      if (page.isClosed()) continue;
      await screenshot(page, `failure-${slug}-${index + 1}`).catch(() => {});
      if (pageErrors.length > 0) console.log(`page errors:\n  ${pageErrors.join('\n  ')}`);
    }
  });
  after(async () => {
    for (const { context } of pages) await context.close().catch(() => {});
    await fixture.browser?.close();
    await fixture.server?.stop();
  });
  return fixture;
}
