// Browser test: a record Salesforce refuses lands in the error inbox; an integrator fixes its payload
// there and retries it to success, and the record's timeline shows it synced.
// The failure is real: a Salesforce validation rule (sandbox admin API) refuses one contact's email.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordError } from '@flowsync/contracts';
import { runFlowNow, type TestUser } from './support/api-session.ts';
import { screenshot } from './support/browser.ts';
import { useBrowserFixture } from './support/fixture.ts';
import { sandboxAdmin } from './support/product-server.ts';
import { waitUntil } from './support/wait.ts';

const ACCOUNTS_FLOW = 'netsuite-customers-to-salesforce-accounts';
const CONTACTS_FLOW = 'netsuite-contacts-to-salesforce';
const BLOCKED_EMAIL = 'grace.blocked@blocked.example';
const FIXED_EMAIL = 'grace.fixed@allowed.example';

interface SalesforceRecord {
  Id: string;
  Ext_Id__c?: string | null;
  Email?: string | null;
}

describe('error inbox: edit a failed record and retry it (browser)', () => {
  const product = useBrowserFixture();
  let integrator: TestUser;
  let failedSourceId: string;
  let errorId: string;

  before(async () => {
    const { admin, server } = product;
    integrator = await product.user('integrator', 'Iris Integrator');
    // Accounts first, so that contacts of synced companies qualify.
    const accounts = await runFlowNow(admin, ACCOUNTS_FLOW);
    assert.equal(accounts.status, 'succeeded', accounts.message);
    const syncedCompanies = new Set(
      (await sandboxAdmin<SalesforceRecord[]>(server, 'salesforce', 'GET', '/records/Account')).map((a) =>
        String(a.Ext_Id__c ?? ''),
      ),
    );
    const sample = await admin.request<{ records: { id: string; company: { id: string } | null }[] }>(
      'POST',
      '/api/connections/netsuite/objects/contact/sample',
      { fields: ['id', 'company'], limit: 500 },
    );
    const qualifying = sample.records.find((c) => c.company !== null && syncedCompanies.has(c.company.id));
    assert.ok(qualifying, 'a seed contact whose company is synced');
    failedSourceId = qualifying.id;

    await sandboxAdmin(server, 'salesforce', 'POST', '/validation-rules', {
      object: 'Contact',
      field: 'Email',
      pattern: '^(?!.*@blocked\\.example$).*$',
      message: 'Email domain is blocked',
    });
    await sandboxAdmin(server, 'netsuite', 'PATCH', `/records/contact/${failedSourceId}`, {
      email: BLOCKED_EMAIL,
    });
    const contacts = await runFlowNow(admin, CONTACTS_FLOW);
    assert.equal(contacts.status, 'completedWithErrors', contacts.message);
    assert.equal(contacts.totals.failed, 1);
    const open = await admin.request<{ items: RecordError[] }>(
      'GET',
      `/api/errors?flowId=${CONTACTS_FLOW}&status=open&sourceId=${encodeURIComponent(failedSourceId)}`,
    );
    assert.equal(open.items.length, 1, 'one open error for the refused contact');
    errorId = (open.items[0] as RecordError).id;
  });

  it('fixes the payload in the inbox, retries it to success and shows it synced on the timeline', async () => {
    const { page } = await product.signedInPage(integrator);
    await page.goto(`${product.server.url}/errors`);
    const row = page.getByRole('checkbox', { name: `Select error ${failedSourceId}` });
    await row.waitFor();
    // Selecting a row offers the bulk actions.
    await row.check();
    for (const name of ['Retry selected', 'Resolve selected']) {
      assert.equal(await page.getByRole('button', { name }).isEnabled(), true, `${name} is offered`);
    }
    await row.uncheck();
    // Open the error (its row) and look at the stored payload.
    await page.getByRole('row').filter({ has: row }).getByText(failedSourceId).first().click();
    const payload = page.getByLabel('Payload (JSON)');
    await payload.waitFor();
    for (const name of ['Save payload', 'Save and retry', 'Retry', 'Resolve']) {
      await page.getByRole('button', { name, exact: true }).waitFor();
    }
    await page.getByText('Email domain is blocked').first().waitFor();
    const stored = await payload.inputValue();
    assert.ok(stored.includes(BLOCKED_EMAIL), 'the payload holds the refused email');
    await payload.fill(stored.split(BLOCKED_EMAIL).join(FIXED_EMAIL));
    await screenshot(page, 'error-inbox-detail');

    await page.getByRole('button', { name: 'Save and retry' }).click();
    // The retry run resolves the error: the server says so, and so does the inbox.
    await waitUntil(async () => {
      const error = await product.admin.request<RecordError>(
        'GET',
        `/api/errors/${encodeURIComponent(errorId)}`,
      );
      return error.status === 'resolved';
    }, 'the error to be resolved by the retry');
    // The drawer turns to resolved without a reload (the retry run reports back live).
    await page
      .getByText(/Retry succeeded|Resolved/)
      .first()
      .waitFor();
    await screenshot(page, 'error-inbox-retried');

    const salesforce = await sandboxAdmin<SalesforceRecord[]>(
      product.server,
      'salesforce',
      'GET',
      '/records/Contact',
    );
    const written = salesforce.find((c) => c.Ext_Id__c === failedSourceId);
    assert.equal(written?.Email, FIXED_EMAIL, 'Salesforce holds the fixed email');

    // The record's timeline: the failure, and the Salesforce contact it became.
    await page.goto(`${product.server.url}/records/${failedSourceId}`);
    await page.getByText(written.Id).first().waitFor();
    await page.getByText('Email domain is blocked').first().waitFor();
    await screenshot(page, 'record-timeline');
  });
});
