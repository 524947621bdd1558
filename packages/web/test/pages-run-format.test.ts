import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Flow, RunRecord, RunSnapshot } from '@flowsync/contracts';
import {
  handleLabel,
  matchesRunFilter,
  mergeRuns,
  nodeRows,
  noticeEntries,
  runDurationMs,
  triggerText,
  withLiveState,
} from '../src/pages/runs/run-format.ts';

const flow = JSON.parse(
  readFileSync(new URL('../../../flows/netsuite-contacts-to-salesforce.flow.json', import.meta.url), 'utf8'),
) as Flow;

const zero = { read: 0, written: 0, rejected: 0, skipped: 0, failed: 0 };
function run(patch: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'r1',
    flowId: 'netsuite-contacts-to-salesforce',
    flowVersion: 1,
    trigger: { kind: 'manual' },
    status: 'running',
    queuedAt: '2026-01-01T10:00:00.000Z',
    startedAt: '2026-01-01T10:00:01.000Z',
    totals: zero,
    nodes: {},
    ...patch,
  };
}

test('each trigger kind reads in a few words', () => {
  assert.equal(triggerText({ kind: 'schedule' }), 'Schedule');
  assert.equal(triggerText({ kind: 'manual' }, 'ana@x.io'), 'Manual by ana@x.io');
  assert.equal(triggerText({ kind: 'manual' }), 'Manual');
  assert.equal(triggerText({ kind: 'realtime', eventIds: ['a'] }), 'Realtime: 1 event');
  assert.equal(
    triggerText({ kind: 'selected', sourceIds: ['1', '2', '3'] }, 'ana@x.io'),
    'Selected: 3 records by ana@x.io',
  );
  assert.equal(
    triggerText({ kind: 'retry', errorIds: Array.from({ length: 1200 }, String) }),
    'Retry of 1,200 errors',
  );
});

test('duration runs from start to finish, or to now while running', () => {
  assert.equal(runDurationMs(run({ finishedAt: '2026-01-01T10:00:03.500Z' })), 2500);
  assert.equal(runDurationMs(run(), Date.parse('2026-01-01T10:00:11.000Z')), 10_000);
  assert.equal(runDurationMs(run({ startedAt: undefined })), undefined);
});

const snap = (patch: Partial<RunSnapshot>): RunSnapshot => ({
  runId: 'r1',
  flowId: 'netsuite-contacts-to-salesforce',
  status: 'running',
  totals: { ...zero, read: 40 },
  nodes: { 'contacts-changed': { received: 0, emitted: { out: 40 }, failed: 0, skipped: 0, retries: 0 } },
  updatedAt: '2026-01-01T10:00:05.000Z',
  ...patch,
});

test('live state replaces the stored counters and status of the same run', () => {
  const merged = withLiveState(run(), snap({}));
  assert.equal(merged.totals.read, 40);
  assert.deepEqual(Object.keys(merged.nodes), ['contacts-changed']);
  const finished = withLiveState(run(), snap({ status: 'failed', message: 'Salesforce refused the login' }));
  assert.equal(finished.status, 'failed');
  assert.equal(finished.message, 'Salesforce refused the login');
});

test('live state never revives a finished run, nor applies to another run', () => {
  const done = run({ status: 'succeeded', totals: { ...zero, read: 60 } });
  assert.equal(withLiveState(done, snap({})), done);
  assert.equal(withLiveState(run(), snap({ runId: 'other' })).totals.read, 0);
  // A queued snapshot carries no node counters yet: the stored ones stay.
  const stored = run({ nodes: { x: { received: 1, emitted: {}, failed: 0, skipped: 0, retries: 0 } } });
  assert.deepEqual(Object.keys(withLiveState(stored, snap({ nodes: {} })).nodes), ['x']);
});

test('node rows follow the flow, trigger first, with outputs in handle order', () => {
  const rows = nodeRows(flow, {
    qualification: { received: 20, emitted: { reject: 3, pass: 17 }, failed: 0, skipped: 0, retries: 0 },
    'removed-node': { received: 2, emitted: { out: 2 }, failed: 0, skipped: 0, retries: 0 },
  });
  assert.deepEqual(
    rows.map((row) => row.nodeId),
    [
      'contacts-changed',
      'synced-account',
      'qualification',
      'existing-contact',
      'contact-fields',
      'upsert-contact',
      'removed-node',
    ],
  );
  const qualify = rows[2]!;
  assert.equal(qualify.name, 'Qualification criteria');
  assert.deepEqual(qualify.outputs, [
    { handle: 'pass', label: 'Pass', count: 17 },
    { handle: 'reject', label: 'Reject', count: 3 },
  ]);
  assert.deepEqual(
    rows[1]!.outputs.map((o) => o.label),
    ['Found', 'Not found'],
  );
  assert.equal(rows[0]!.stats.received, 0);
  assert.equal(rows[6]!.type, undefined);
  assert.deepEqual(nodeRows(undefined, {}), []);
});

test('node rows keep document order when the graph cannot be built', () => {
  const broken: Flow = { ...flow, edges: [] };
  assert.equal(nodeRows(broken, {}).length, flow.nodes.length);
  assert.equal(handleLabel('custom'), 'custom');
});

test('runs filter by flow and by one or several statuses', () => {
  const r = { flowId: 'a', status: 'running' as const };
  assert.equal(matchesRunFilter(r, {}), true);
  assert.equal(matchesRunFilter(r, { flowId: 'b' }), false);
  assert.equal(matchesRunFilter(r, { status: 'queued,running' }), true);
  assert.equal(matchesRunFilter(r, { status: 'failed' }), false);
});

test('merged run lists hold each run once, newest first, with the fetched copy', () => {
  const a = run({ id: 'a', queuedAt: '2026-01-01T10:00:00.000Z' });
  const b = run({ id: 'b', queuedAt: '2026-01-01T11:00:00.000Z' });
  const aDone = { ...a, status: 'succeeded' as const };
  const merged = mergeRuns([a], [b, aDone]);
  assert.deepEqual(
    merged.map((r) => r.id),
    ['b', 'a'],
  );
  assert.equal(merged[1]!.status, 'succeeded');
});

test('notices list each rejected or failed record once, live ones first', () => {
  const entries = noticeEntries(
    [
      {
        kind: 'error',
        nodeId: 'upsert-contact',
        sourceId: '7',
        message: 'REQUIRED_FIELD_MISSING',
        at: 't2',
        errorId: 'e1',
      },
      { kind: 'rejected', nodeId: 'qualification', sourceId: '5', message: 'company.id is empty', at: 't1' },
    ],
    [
      {
        id: 'e1',
        nodeId: 'upsert-contact',
        sourceId: '7',
        message: 'REQUIRED_FIELD_MISSING',
        createdAt: 't2',
        status: 'resolved',
      },
      {
        id: 'e2',
        nodeId: 'upsert-contact',
        sourceId: '8',
        message: 'DUPLICATE_VALUE',
        createdAt: 't3',
        status: 'open',
      },
    ],
    [
      { nodeId: 'qualification', sourceId: '5', reason: 'company.id is empty' },
      { nodeId: 'qualification', sourceId: '6', reason: 'account not synced' },
    ],
  );
  assert.deepEqual(
    entries.map((e) => [e.kind, e.sourceId, e.resolved]),
    [
      ['error', '7', true],
      ['rejected', '5', false],
      ['error', '8', false],
      ['rejected', '6', false],
    ],
  );
  assert.equal(entries[2]!.errorId, 'e2');
  assert.equal(entries[3]!.at, undefined);
});
