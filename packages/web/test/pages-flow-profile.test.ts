import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Flow, FlowLastRun, RunSnapshot } from '@flowsync/contracts';
import {
  endpointText,
  everyText,
  flowProfile,
  scheduleText,
  shownRun,
  triggerLinesOfKinds,
} from '../src/pages/flows/flow-profile.ts';

const contactsFlow = JSON.parse(
  readFileSync(new URL('../../../flows/netsuite-contacts-to-salesforce.flow.json', import.meta.url), 'utf8'),
) as Flow;

test('the example flow reads from NetSuite contacts and writes Salesforce contacts', () => {
  const profile = flowProfile(contactsFlow);
  assert.deepEqual(profile.source, { connection: 'netsuite', object: 'contact' });
  assert.deepEqual(profile.targets, [{ connection: 'salesforce', object: 'Contact' }]);
  assert.equal(profile.idField, 'id');
  assert.deepEqual(
    profile.triggers.map((t) => t.label),
    ['Every 5 min', 'Realtime on create, update'],
  );
  assert.equal(endpointText(profile.source!), 'netsuite · contact');
});

test('a flow without schedule or realtime is manual only', () => {
  const flow: Flow = {
    ...contactsFlow,
    nodes: contactsFlow.nodes.map((node) =>
      node.type === 'trigger'
        ? { ...node, config: { connection: 'netsuite', object: 'contact', idField: 'id' } }
        : node,
    ),
  };
  assert.deepEqual(flowProfile(flow).triggers, [{ kind: 'manual', label: 'Manual only' }]);
});

test('intervals read in whole units', () => {
  assert.equal(everyText(1), 'Every second');
  assert.equal(everyText(45), 'Every 45 s');
  assert.equal(everyText(60), 'Every minute');
  assert.equal(everyText(900), 'Every 15 min');
  assert.equal(everyText(90), 'Every 90 s');
  assert.equal(everyText(5400), 'Every 90 min');
  assert.equal(everyText(3600), 'Every hour');
  assert.equal(everyText(7200), 'Every 2 h');
  assert.equal(everyText(86_400 * 2), 'Every 2 days');
  assert.equal(
    scheduleText({ kind: 'cron', expression: '0 6 * * *', timezone: 'Europe/Amsterdam' }),
    'Cron 0 6 * * * (Europe/Amsterdam)',
  );
  assert.equal(
    scheduleText({ kind: 'polling', everySeconds: 600, checkProcessSeconds: 30, sleepSeconds: 5 }),
    'Every 10 min, polling',
  );
});

test('trigger kinds alone give short labels', () => {
  assert.deepEqual(
    triggerLinesOfKinds(['schedule', 'realtime', 'manual']).map((t) => t.label),
    ['Scheduled', 'Realtime'],
  );
  assert.deepEqual(
    triggerLinesOfKinds(['manual']).map((t) => t.label),
    ['Manual only'],
  );
});

const totals = (read: number) => ({ read, written: read, rejected: 0, skipped: 0, failed: 0 });
const stored: FlowLastRun = {
  id: 'r1',
  status: 'succeeded',
  queuedAt: '2026-01-01T10:00:00.000Z',
  finishedAt: '2026-01-01T10:00:05.000Z',
  totals: totals(10),
};
const snapshot = (patch: Partial<RunSnapshot>): RunSnapshot => ({
  runId: 'r2',
  flowId: 'f',
  status: 'running',
  totals: totals(3),
  nodes: {},
  updatedAt: '2026-01-01T11:00:00.000Z',
  ...patch,
});

test('the row shows the stored last run when nothing is live', () => {
  assert.deepEqual(shownRun(stored, undefined), {
    id: 'r1',
    status: 'succeeded',
    totals: totals(10),
    at: '2026-01-01T10:00:05.000Z',
    live: false,
  });
  assert.equal(shownRun(undefined, undefined), undefined);
});

test('a newer live run replaces the stored one and is marked live while active', () => {
  const shown = shownRun(stored, snapshot({}));
  assert.equal(shown?.id, 'r2');
  assert.equal(shown?.live, true);
  assert.equal(shown?.totals.read, 3);
});

test('an older live snapshot of another run does not replace the stored last run', () => {
  const shown = shownRun(stored, snapshot({ updatedAt: '2026-01-01T09:00:00.000Z', status: 'succeeded' }));
  assert.equal(shown?.id, 'r1');
});

test('a late active snapshot of a run the store has finished does not revive it', () => {
  const shown = shownRun(stored, snapshot({ runId: 'r1', status: 'running' }));
  assert.equal(shown?.status, 'succeeded');
  const finishing = shownRun(
    { ...stored, status: 'running', finishedAt: undefined },
    snapshot({ runId: 'r1', status: 'completedWithErrors', totals: totals(12) }),
  );
  assert.equal(finishing?.status, 'completedWithErrors');
  assert.equal(finishing?.live, false);
  assert.equal(finishing?.totals.read, 12);
});
