// Waiting for what the product does asynchronously (a run, a websocket update reaching the page),
// with a deadline and a message that says what did not happen.
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';

/**
 * Polls `check` until it answers true; throws "timed out waiting for <what>" after `timeoutMs`.
 *
 * @example
 * ```ts
 * await waitUntil(async () => (await getError(id)).status === 'resolved', 'the error to be resolved');
 * ```
 */
export async function waitUntil(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
  intervalMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Waits until an element's attribute has `value`; fails with the last value seen.
 *
 * @example
 * ```ts
 * await waitForAttribute(page.getByTestId('node-stats-map-1'), 'data-received', '55');
 * ```
 */
export async function waitForAttribute(
  locator: Locator,
  name: string,
  value: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const actual = await locator.getAttribute(name);
    if (actual === value) return;
    if (Date.now() > deadline) assert.equal(actual, value, `${name} of ${locator}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits until a locator matches exactly `count` elements; fails with the last count seen.
 *
 * @example
 * ```ts
 * await waitForCount(page.locator('.react-flow__edge'), 3);
 * ```
 */
export async function waitForCount(locator: Locator, count: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const actual = await locator.count();
    if (actual === count) return;
    if (Date.now() > deadline) assert.equal(actual, count, `elements matching ${locator}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
