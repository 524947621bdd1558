// Browser test: an analyst opens the example contacts flow, changes its qualification criteria, sees
// the preview against sample records change, finds every other control locked, saves the criteria, and
// the version history names the analyst as the author with a readable change.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { getFlow, type TestUser } from './support/api-session.ts';
import { screenshot } from './support/browser.ts';
import { useBrowserFixture } from './support/fixture.ts';
import { waitForCount } from './support/wait.ts';

const CONTACTS_FLOW = 'netsuite-contacts-to-salesforce';
const QUALIFY_NODE = 'qualification';
const TRIGGER_NODE = 'contacts-changed';
const NEW_CRITERIA = "$exists(company.id) and company.id != '' and title != 'Engineer'";
const PREVIEW = /(\d+) of (\d+) sample records qualify/;

describe('analyst mode: criteria only (browser)', () => {
  const product = useBrowserFixture();
  let analyst: TestUser;

  before(async () => {
    analyst = await product.user('analyst', 'Ana Analyst');
  });

  it('changes the criteria with a live preview, everything else locked, and saves them', async () => {
    const { page } = await product.signedInPage(analyst);
    await page.goto(`${product.server.url}/flows/${CONTACTS_FLOW}`);
    const qualifyNode = page.getByTestId(`node-${QUALIFY_NODE}`);
    await qualifyNode.waitFor();

    // Locked: no palette, no enabled switch, no Run now, nothing to save but the criteria.
    for (const type of ['Trigger', 'Qualify', 'Lookup', 'Map', 'Upsert']) {
      assert.equal(
        await page.getByRole('button', { name: `Add ${type} node` }).count(),
        0,
        `no ${type} palette item`,
      );
    }
    assert.equal(await page.getByRole('switch', { name: 'Enabled' }).count(), 0, 'no enabled switch');
    assert.equal(await page.getByRole('button', { name: 'Run now' }).count(), 0, 'no Run now');
    await screenshot(page, 'analyst-view');

    // Nodes cannot be dragged: the node's place on the canvas (its wrapper's transform, in flow
    // coordinates, so a pan of the whole canvas does not count) stays where it was.
    const triggerNode = page.getByTestId(`node-${TRIGGER_NODE}`);
    const triggerWrapper = page.locator(`.react-flow__node[data-id="${TRIGGER_NODE}"]`);
    const placed = await triggerWrapper.evaluate((element) => (element as unknown as Styled).style.transform);
    assert.match(placed, /translate/);
    await dragBy(page, triggerNode, 160, 90);
    assert.equal(
      await triggerWrapper.evaluate((element) => (element as unknown as Styled).style.transform),
      placed,
      'the trigger node did not move',
    );

    // Another node's inspector: every field disabled.
    await triggerNode.click();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    for (const label of ['Connection', 'Object', 'Record id field', 'Label']) {
      const field = inspector.getByLabel(label, { exact: true });
      await field.first().waitFor();
      assert.equal(await field.first().isDisabled(), true, `${label} is disabled for an analyst`);
    }
    const controls = inspector.locator('input, select, textarea');
    const editable: string[] = [];
    for (const control of await controls.all()) {
      if (await control.isEditable())
        editable.push(
          (await control.getAttribute('aria-label')) ??
            (await control.evaluate((e) => (e as unknown as { outerHTML: string }).outerHTML.slice(0, 120))),
        );
    }
    assert.deepEqual(editable, [], 'no field of the trigger can be edited by an analyst');
    const actions: string[] = [];
    for (const button of await inspector.getByRole('button', { name: /^(Add|Remove)/ }).all()) {
      if (await button.isEnabled()) actions.push((await button.getAttribute('aria-label')) ?? 'a button');
    }
    assert.deepEqual(actions, [], 'no add or remove button is enabled');

    // The qualify node: the criteria editor works, with a live preview.
    await qualifyNode.click();
    const criteria = page.getByRole('region', { name: 'Qualification criteria' });
    const preview = criteria.getByText(PREVIEW);
    await preview.waitFor({ timeout: 30_000 });
    const previewBefore = parsePreview(await preview.textContent());
    await criteria.getByRole('tab', { name: 'JSONata' }).click();
    const expression = criteria.getByLabel('JSONata expression');
    await expression.fill(NEW_CRITERIA);
    const previewAfter = await previewChangedFrom(page, preview, previewBefore);
    assert.equal(previewAfter.total, previewBefore.total, 'against the same sample');

    // The rule builder shows the same criteria as conditions, and a condition added there changes the
    // preview again and the JSONata text with it.
    await criteria.getByRole('tab', { name: 'Rule builder' }).click();
    await waitForCount(criteria.getByLabel('Field', { exact: true }), 3);
    await criteria.getByRole('button', { name: 'Add condition' }).click();
    await criteria.getByLabel('Field', { exact: true }).nth(3).selectOption('title');
    await criteria.getByLabel('Operator', { exact: true }).nth(3).selectOption('equals');
    await criteria.getByLabel('Value', { exact: true }).last().fill('CEO');
    const previewWithTitle = await previewChangedFrom(page, preview, previewAfter);
    assert.ok(previewWithTitle.passed < previewAfter.passed, 'fewer contacts are CEOs');
    await preview.scrollIntoViewIfNeeded();
    await screenshot(page, 'criteria-editor-preview');
    await criteria.getByRole('tab', { name: 'JSONata' }).click();
    const criteriaText = await expression.inputValue();
    const sameQuotes = (text: string) => text.replaceAll('"', "'");
    assert.ok(
      sameQuotes(criteriaText).startsWith(sameQuotes(NEW_CRITERIA)),
      `the added condition is appended: ${criteriaText}`,
    );
    assert.match(criteriaText, /title = ["']CEO["']/);

    await page.getByRole('button', { name: 'Save criteria' }).click();
    await waitForVersion(2);
    const saved = await getFlow(product.admin, CONTACTS_FLOW);
    const qualify = saved.nodes.find((node) => node.id === QUALIFY_NODE);
    assert.equal(qualify?.type === 'qualify' ? qualify.config.expression : undefined, criteriaText);
    const original = await product.admin.request<{ flow: { nodes: { id: string; position: unknown }[] } }>(
      'GET',
      `/api/flows/${CONTACTS_FLOW}/versions/1`,
    );
    const positionOf = (nodes: { id: string; position: unknown }[]) =>
      nodes.find((node) => node.id === TRIGGER_NODE)?.position;
    assert.deepEqual(positionOf(saved.nodes), positionOf(original.flow.nodes), 'no node moved in the save');

    // The version history: the analyst changed the qualification rule, shown as a readable change.
    await page.getByRole('button', { name: 'History' }).click();
    const history = page.getByText(analyst.name).or(page.getByText(analyst.email)).first();
    await history.waitFor();
    await page
      .getByText(/Qualification rule/i)
      .first()
      .waitFor();
    // Before and after, as code: the rule of version 1 and the new one.
    await page.getByText(criteriaText).first().waitFor();
    await page.getByText('$exists($account.targetId)').first().waitFor();
    await screenshot(page, 'version-history');
  });

  async function waitForVersion(version: number): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const detail = await product.admin.request<{ version: number; author: string }>(
        'GET',
        `/api/flows/${CONTACTS_FLOW}`,
      );
      if (detail.version >= version) {
        assert.equal(detail.author, analyst.email, 'the analyst is the author of the new version');
        return;
      }
      if (Date.now() > deadline) throw new Error(`flow still at version ${detail.version}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
});

/** Waits until the preview line differs from `before`, and returns it. */
async function previewChangedFrom(
  page: Page,
  preview: Locator,
  before: { text: string },
): Promise<{ text: string; passed: number; total: number }> {
  await page.waitForFunction(
    ([selector, previous]) => {
      const text = (globalThis as unknown as { document: { body: { innerText: string } } }).document.body
        .innerText;
      const match = new RegExp(selector).exec(text);
      return match !== null && match[0] !== previous;
    },
    [PREVIEW.source, before.text] as const,
    { timeout: 30_000 },
  );
  return parsePreview(await preview.textContent());
}

function parsePreview(text: string | null): { text: string; passed: number; total: number } {
  const match = PREVIEW.exec(text ?? '');
  assert.ok(match, `a preview line, got ${text}`);
  return { text: match[0], passed: Number(match[1]), total: Number(match[2]) };
}

/** An element as seen from the page (the tests are compiled without the DOM library). */
interface Styled {
  style: { transform: string };
}

async function dragBy(page: Page, locator: Locator, dx: number, dy: number): Promise<void> {
  const box = await locator.boundingBox();
  assert.ok(box);
  const x = box.x + box.width / 2;
  const y = box.y + 12;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 12 });
  await page.mouse.up();
}
