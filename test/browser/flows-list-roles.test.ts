// Browser test: signing in, and the flows list as an admin and as a viewer (the UI offers a role only
// what it may do: the enabled switch to admins, Run now to admins and integrators).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot } from './support/browser.ts';
import { useBrowserFixture } from './support/fixture.ts';

const CONTACTS_FLOW_NAME = 'NetSuite Contacts → Salesforce Contacts';
const ACCOUNTS_FLOW_NAME = 'NetSuite Customers → Salesforce Accounts';

describe('sign-in and the flows list (browser)', () => {
  const product = useBrowserFixture();

  it('refuses a wrong password and signs in with the right one', async () => {
    const { page, context } = await newPage(product.browser);
    try {
      await page.goto(`${product.server.url}/flows`);
      await page.waitForURL((url) => url.pathname === '/sign-in');
      await page.getByLabel('Email').fill(product.adminUser.email);
      await page.getByLabel('Password').fill(product.adminUser.password);
      await screenshot(page, 'sign-in');
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();
      await page.getByLabel('Password').fill(product.adminUser.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // Back where the user wanted to go.
      await page.waitForURL((url) => url.pathname === '/flows');
    } finally {
      await context.close();
    }
  });

  it('offers an admin the enabled switch, Run now and New flow on every flow', async () => {
    const { page } = await product.signedInPage(product.adminUser);
    await page.goto(`${product.server.url}/flows`);
    for (const name of [CONTACTS_FLOW_NAME, ACCOUNTS_FLOW_NAME]) {
      await page.getByRole('link', { name }).waitFor();
      const enabled = page.getByRole('switch', { name: `Enabled: ${name}` });
      await enabled.waitFor();
      assert.equal(await enabled.isEnabled(), true, `the admin can switch ${name}`);
      assert.equal(await enabled.isChecked(), false, 'example flows start switched off');
      assert.equal(await page.getByRole('button', { name: `Run ${name} now` }).isEnabled(), true);
      await page.getByRole('button', { name: `Sync selected records of ${name}` }).waitFor();
    }
    await page.getByRole('button', { name: 'New flow' }).waitFor();

    // Sync selected records: a dialog that takes source record ids.
    await page.getByRole('button', { name: `Sync selected records of ${ACCOUNTS_FLOW_NAME}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Source record ids').waitFor();
    await dialog.getByRole('button', { name: 'Sync records' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // Run now: the last run shows up in the list as it finishes, without a reload.
    await page.getByRole('button', { name: `Run ${ACCOUNTS_FLOW_NAME} now` }).click();
    await page.getByText('Succeeded').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'flows-list-admin');
  });

  it('shows a viewer the flows without a switch, Run now or New flow', async () => {
    const viewer = await product.user('viewer', 'Vera Viewer');
    const { page } = await product.signedInPage(viewer);
    await page.goto(`${product.server.url}/flows`);
    for (const name of [CONTACTS_FLOW_NAME, ACCOUNTS_FLOW_NAME]) {
      await page.getByRole('link', { name }).waitFor();
      assert.equal(await page.getByRole('switch', { name: `Enabled: ${name}` }).count(), 0);
      assert.equal(await page.getByRole('button', { name: `Run ${name} now` }).count(), 0);
      assert.equal(await page.getByRole('button', { name: `Sync selected records of ${name}` }).count(), 0);
    }
    assert.equal(await page.getByRole('button', { name: 'New flow' }).count(), 0);
    await screenshot(page, 'flows-list-viewer');
  });
});
