// Browser tests of the canvas editor. An admin builds the NetSuite → Salesforce contacts flow from an
// empty canvas by drag and drop, configures every node in the inspector, saves it (version 1), switches
// it on, runs it and watches the node counters reach the run's totals. The totals are checked
// independently too: the contacts written are exactly the seed contacts the criteria qualify (evaluated
// here, by the expression package, on the sample the server reads from NetSuite), and they are in
// Salesforce. Then: a save made elsewhere while a flow is open is shown, and neither version is lost.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { Flow, RunRecord } from '@flowsync/contracts';
import { compilePredicate } from '@flowsync/expression';
import { getFlow, waitForRun } from './support/api-session.ts';
import { screenshot } from './support/browser.ts';
import { useBrowserFixture } from './support/fixture.ts';
import { sandboxAdmin } from './support/product-server.ts';
import { waitForAttribute, waitForCount, waitUntil } from './support/wait.ts';

const FLOW_NAME = 'Contacts built in the browser';
const CRITERIA = "$exists(company.id) and company.id != ''";
const MAPPINGS: readonly [target: string, expression: string][] = [
  ['FirstName', 'firstName'],
  ['LastName', 'lastName'],
  ['Email', 'email'],
  ['Ext_Id__c', '$string(id)'],
];
/** Node ids the editor gives dropped nodes: `<type>-1`. */
const NODE = { trigger: 'trigger-1', qualify: 'qualify-1', map: 'map-1', upsert: 'upsert-1' } as const;

describe('canvas editor: build a flow from an empty canvas, concurrent saves (browser)', () => {
  const product = useBrowserFixture();

  it('drags, connects, configures, saves, enables and runs it, with live counters', async () => {
    const { page } = await product.signedInPage(product.adminUser);
    await page.goto(`${product.server.url}/flows/new`);
    await page.getByRole('button', { name: 'Add Trigger node' }).waitFor();
    assert.equal(await page.locator('.react-flow__node').count(), 0, 'the canvas starts empty');
    await page.getByLabel('Flow name').fill(FLOW_NAME);

    // Palette → canvas, by HTML5 drag and drop, on a 2 × 2 grid (where the canvas has room at 100 %).
    const drops = [
      ['Trigger', 0.22, 0.25],
      ['Qualify', 0.75, 0.25],
      ['Map', 0.22, 0.7],
      ['Upsert', 0.75, 0.7],
    ] as const;
    for (const [type, across, down] of drops) {
      await dropPaletteItem(page, type, across, down);
      await page.getByTestId(`node-${NODE[lower(type)]}`).waitFor();
    }

    // Named handles: trigger out → qualify, qualify pass → map, map out → upsert.
    await connect(page, NODE.trigger, 'out', NODE.qualify);
    await connect(page, NODE.qualify, 'pass', NODE.map);
    await connect(page, NODE.map, 'out', NODE.upsert);
    await waitForCount(page.locator('.react-flow__edge'), 3);
    // Auto-layout arranges them left to right: the trigger ends up left of the upsert.
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await waitUntil(
      async () =>
        (await centerOf(page.getByTestId(`node-${NODE.trigger}`))).x <
        (await centerOf(page.getByTestId(`node-${NODE.upsert}`))).x - 200,
      'auto-layout to put the trigger left of the upsert',
      10_000,
    );

    // The inspector, node by node.
    const inspector = page.getByRole('region', { name: 'Inspector' });
    await selectNode(page, NODE.trigger);
    await setField(inspector, 'Connection', 'netsuite');
    await setField(inspector, 'Object', 'contact');
    await setField(inspector, 'Record id field', 'id');

    await selectNode(page, NODE.qualify);
    const criteria = page.getByRole('region', { name: 'Qualification criteria' });
    await criteria.getByRole('tab', { name: 'JSONata' }).click();
    await criteria.getByLabel('JSONata expression').fill(CRITERIA);
    await criteria.getByText(/\d+ of \d+ sample records qualify/).waitFor({ timeout: 30_000 });

    await selectNode(page, NODE.map);
    for (const [index, [target, expression]] of MAPPINGS.entries()) {
      await inspector.getByRole('button', { name: 'Add mapping' }).click();
      await setField(inspector, 'Target field', target, index);
      await setField(inspector, 'Source expression', expression, index);
    }
    await screenshot(page, 'inspector-map');

    await selectNode(page, NODE.upsert);
    await setField(inspector, 'Connection', 'salesforce');
    await setField(inspector, 'Object', 'Contact');
    await setField(inspector, 'Mode', 'upsert');
    await setField(inspector, 'Upsert key', 'Ext_Id__c');

    for (const id of Object.values(NODE)) {
      assert.equal(await page.getByTestId(`node-issues-${id}`).count(), 0, `${id} has no problems left`);
    }

    // Save: version 1 of a new flow, exactly what was built.
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL((url) => /^\/flows\/(?!new$)[^/]+$/.test(url.pathname));
    const flowId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');
    const saved = await getFlow(product.admin, flowId);
    assertBuiltFlow(saved);
    const detail = await product.admin.request<{ version: number; enabled: boolean }>(
      'GET',
      `/api/flows/${encodeURIComponent(flowId)}`,
    );
    assert.equal(detail.version, 1);

    // Enable as admin, then run now.
    const enabled = page.getByRole('switch', { name: 'Enabled' });
    await enabled.click();
    await waitForAttribute(enabled, 'aria-checked', 'true');
    await waitUntil(async () => {
      const now = await product.admin.request<{ enabled: boolean }>(
        'GET',
        `/api/flows/${encodeURIComponent(flowId)}`,
      );
      return now.enabled;
    }, 'the flow to be enabled');
    await page.getByRole('button', { name: 'Run now' }).click();
    const run = await waitForRun(product.admin, await latestRunId(flowId));
    assert.equal(run.status, 'succeeded', run.message);

    // The canvas shows the run's per-node totals.
    for (const id of Object.values(NODE)) {
      const stats = run.nodes[id];
      assert.ok(stats, `the run has counters for ${id}`);
      const element = page.getByTestId(`node-stats-${id}`);
      await waitForAttribute(element, 'data-received', String(stats.received));
      for (const [output, count] of Object.entries(stats.emitted)) {
        await waitForAttribute(element, `data-out-${output.toLowerCase()}`, String(count));
      }
      await waitForAttribute(element, 'data-failed', String(stats.failed));
    }
    await page.getByRole('button', { name: 'Fit view' }).click();
    await screenshot(page, 'editor-live-counters');

    // Independently: the contacts written are the seed contacts the criteria qualify.
    const sample = await product.admin.request<{ records: Record<string, unknown>[] }>(
      'POST',
      '/api/connections/netsuite/objects/contact/sample',
      { limit: 500 },
    );
    const predicate = compilePredicate(CRITERIA);
    const qualifying: string[] = [];
    for (const record of sample.records) {
      if ((await predicate.test(record)).passed) qualifying.push(String(record['id']));
    }
    assert.equal(run.totals.read, sample.records.length, 'every seed contact was read');
    assert.ok(qualifying.length > 0 && qualifying.length < sample.records.length, 'some, not all, qualify');
    assert.equal(run.totals.written, qualifying.length);
    assert.equal(run.totals.rejected, sample.records.length - qualifying.length);
    assert.equal(run.nodes[NODE.qualify]?.emitted['pass'], qualifying.length);
    const salesforce = await sandboxAdmin<{ Ext_Id__c?: string | null }[]>(
      product.server,
      'salesforce',
      'GET',
      '/records/Contact',
    );
    const inSalesforce = new Set(salesforce.map((contact) => contact.Ext_Id__c));
    assert.deepEqual(
      qualifying.filter((id) => !inSalesforce.has(id)),
      [],
      'every qualifying contact is in Salesforce',
    );

    // The run in the runs list, and its detail page from there.
    await page.goto(`${product.server.url}/runs`);
    const runRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: FLOW_NAME }) });
    await runRow.getByText('Succeeded').waitFor();
    await runRow.getByText(String(run.totals.written), { exact: true }).first().waitFor();
    await screenshot(page, 'runs-list');
    await runRow.getByRole('link', { name: FLOW_NAME }).click();
    await page.waitForURL((url) => url.pathname === `/runs/${run.id}`);
    await page.getByText('Succeeded').first().waitFor();
    await page.getByText(String(run.totals.written), { exact: true }).first().waitFor();
    await screenshot(page, 'run-detail');
  });

  it('shows a save made elsewhere while the flow is open, and keeps both versions', async () => {
    const flowId = 'netsuite-customers-to-salesforce-accounts';
    const integrator = await product.user('integrator', 'Ivo Integrator');
    const { page } = await product.signedInPage(integrator);
    await page.goto(`${product.server.url}/flows/${flowId}`);
    await page.getByTestId('node-customers-changed').waitFor();
    const name = page.getByLabel('Flow name');
    const renamed = 'Customers → Accounts (renamed in the editor)';
    await name.fill(renamed);

    // Meanwhile the admin saves version 2 through the API.
    const current = await getFlow(product.admin, flowId);
    await product.admin.request('PUT', `/api/flows/${flowId}`, {
      flow: { ...current, description: 'Changed by the admin elsewhere' },
      expectedVersion: 1,
    });
    const banner = page.getByRole('alert').filter({ hasText: 'saved version' });
    await banner.waitFor();
    assert.match((await banner.textContent()) ?? '', /saved version 2/);
    await screenshot(page, 'editor-conflict');

    // Keeping this draft saves it as version 3; the admin's version 2 stays in the history.
    await banner.getByRole('button', { name: 'Save mine as a new version' }).click();
    await waitUntil(async () => {
      const detail = await product.admin.request<{ version: number }>('GET', `/api/flows/${flowId}`);
      return detail.version === 3;
    }, 'version 3');
    const versions = await product.admin.request<{ versions: { version: number; author: string }[] }>(
      'GET',
      `/api/flows/${flowId}/versions`,
    );
    assert.deepEqual(
      versions.versions.map((v) => [v.version, v.author]),
      [
        [3, integrator.email],
        [2, product.adminUser.email],
        [1, 'system'],
      ],
    );
    assert.equal((await getFlow(product.admin, flowId)).name, renamed);
  });

  async function latestRunId(flowId: string): Promise<string> {
    let id: string | undefined;
    await waitUntil(async () => {
      const answer = await product.admin.request<{ items: RunRecord[] }>(
        'GET',
        `/api/runs?flowId=${encodeURIComponent(flowId)}`,
      );
      id = answer.items[0]?.id;
      return id !== undefined;
    }, 'the run to start');
    return id as string;
  }
});

function lower<T extends string>(type: T): Lowercase<T> {
  return type.toLowerCase() as Lowercase<T>;
}

/** The saved document is the flow that was built: nodes, configs and the named edges. */
function assertBuiltFlow(flow: Flow): void {
  assert.equal(flow.name, FLOW_NAME);
  const byId = new Map(flow.nodes.map((node) => [node.id, node]));
  const trigger = byId.get(NODE.trigger);
  assert.ok(trigger?.type === 'trigger');
  assert.equal(trigger.config.connection, 'netsuite');
  assert.equal(trigger.config.object, 'contact');
  const qualify = byId.get(NODE.qualify);
  assert.ok(qualify?.type === 'qualify');
  assert.equal(qualify.config.expression, CRITERIA);
  const map = byId.get(NODE.map);
  assert.ok(map?.type === 'map');
  assert.deepEqual(
    map.config.fields.map((field) => [field.target, 'expression' in field ? field.expression : undefined]),
    MAPPINGS,
  );
  const upsert = byId.get(NODE.upsert);
  assert.ok(upsert?.type === 'upsert');
  assert.equal(upsert.config.connection, 'salesforce');
  assert.equal(upsert.config.object, 'Contact');
  assert.equal(upsert.config.operation, 'upsert');
  assert.deepEqual(upsert.config.match, { kind: 'externalId', field: 'Ext_Id__c' });
  assert.deepEqual(flow.edges.map((edge) => `${edge.source}:${edge.sourceHandle}->${edge.target}`).sort(), [
    `${NODE.map}:out->${NODE.upsert}`,
    `${NODE.qualify}:pass->${NODE.map}`,
    `${NODE.trigger}:out->${NODE.qualify}`,
  ]);
}

/**
 * Drags a palette item onto the canvas with HTML5 drag and drop (playwright drives Chromium's native
 * drag: dragstart, dragover and drop with a real DataTransfer), dropping it at `across` × `down`
 * (0…1) of the canvas.
 */
async function dropPaletteItem(page: Page, type: string, across: number, down: number): Promise<void> {
  const pane = page.locator('.react-flow__pane');
  const box = await pane.boundingBox();
  assert.ok(box, 'the canvas is on screen');
  await page
    .getByRole('button', { name: `Add ${type} node` })
    .dragTo(pane, { targetPosition: { x: box.width * across, y: box.height * down } });
}

/** Drags from a node's named output handle to another node's input handle. */
async function connect(page: Page, from: string, handle: string, to: string): Promise<void> {
  const source = page.locator(`[data-testid="node-${from}"] .react-flow__handle[data-handleid="${handle}"]`);
  const target = page.locator(`[data-testid="node-${to}"] .react-flow__handle.target`);
  const a = await centerOf(source);
  const b = await centerOf(target);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
  await page.mouse.move(b.x, b.y, { steps: 8 });
  await page.mouse.up();
}

async function centerOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  assert.ok(box, 'the element is on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function selectNode(page: Page, id: string): Promise<void> {
  await page.getByTestId(`node-${id}`).locator('.flow-node__title').click();
}

/**
 * Sets an inspector field by its label, whatever control it is: a select (by value or label), or a text
 * input or combobox (typed, then left with Tab so the value is committed).
 */
async function setField(scope: Locator, label: string, value: string, nth = 0): Promise<void> {
  const field = scope.getByLabel(label, { exact: true }).nth(nth);
  await field.waitFor();
  const tag = await field.evaluate((element) => (element as unknown as { tagName: string }).tagName);
  if (tag === 'SELECT') {
    await field.selectOption(value).catch(() => field.selectOption({ label: value }));
  } else {
    await field.fill(value);
    await field.press('Tab');
  }
}
