import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LedgerTimeline, RecordError } from '@flowsync/contracts';
import { createTestApp, ROLES, type TestApp } from './support/test-app.ts';
import { ACCOUNTS_FLOW, CONTACTS_FLOW } from './support/flows-fixtures.ts';

let t: TestApp;

function recordError(
  fields: Pick<RecordError, 'id' | 'flowId' | 'runId' | 'nodeId' | 'sourceId' | 'createdAt'>,
): RecordError {
  return {
    ...fields,
    flowVersion: 1,
    code: 'TARGET_VALIDATION',
    message: 'Salesforce: REQUIRED_FIELD_MISSING [LastName]',
    retryable: false,
    attempt: 1,
    payload: { sourceId: fields.sourceId, data: { id: fields.sourceId }, lookups: {} },
    status: 'open',
    updatedAt: fields.createdAt,
  };
}

before(async () => {
  t = await createTestApp();
  const sync = { hash: 'h', target: 'salesforce/Contact', flowId: CONTACTS_FLOW } as const;
  await t.store.ledger.upsertMany([
    {
      ...sync,
      sourceId: 'NS-7',
      targetId: '003CONTACT7',
      runId: 'run-3',
      syncedAt: '2026-01-03T09:00:00.000Z',
      action: 'created',
    },
    {
      ...sync,
      sourceId: 'NS-8',
      targetId: '003CONTACT8',
      runId: 'run-3',
      syncedAt: '2026-01-03T09:00:00.000Z',
      action: 'created',
    },
  ]);
  await t.store.ledger.upsertMany([
    {
      ...sync,
      sourceId: 'NS-7',
      targetId: '003CONTACT7',
      runId: 'run-5',
      syncedAt: '2026-01-05T09:00:00.000Z',
      action: 'updated',
    },
  ]);
  await t.store.errors.insertMany([
    recordError({
      id: 'err-old',
      flowId: CONTACTS_FLOW,
      runId: 'run-2',
      nodeId: 'upsert-contact',
      sourceId: 'NS-7',
      createdAt: '2026-01-02T09:00:00.000Z',
    }),
    recordError({
      id: 'err-open',
      flowId: ACCOUNTS_FLOW,
      runId: 'run-6',
      nodeId: 'upsert-account',
      sourceId: 'NS-7',
      createdAt: '2026-01-06T09:00:00.000Z',
    }),
    recordError({
      id: 'err-other',
      flowId: CONTACTS_FLOW,
      runId: 'run-2',
      nodeId: 'upsert-contact',
      sourceId: 'NS-8',
      createdAt: '2026-01-02T09:00:00.000Z',
    }),
  ]);
  await t.store.errors.resolve(['err-old'], 'succeeded', 'run-3');
});
after(() => t.close());

const timeline = async (recordId: string, query = '') => {
  const response = await t.as('viewer', {
    method: 'GET',
    url: `/api/ledger/records/${encodeURIComponent(recordId)}${query}`,
  });
  assert.equal(response.statusCode, 200, response.body);
  return JSON.parse(response.body) as LedgerTimeline;
};

test('a record’s syncs, errors and resolutions across flows form one timeline, newest first', async () => {
  const { recordId, entries } = await timeline('NS-7');
  assert.equal(recordId, 'NS-7');
  assert.deepEqual(
    entries.map((e) => [e.kind, e.flowId, e.runId, e.errorId ?? e.action]),
    [
      ['resolved', CONTACTS_FLOW, 'run-2', 'err-old'], // resolved now, after every sync
      ['error', ACCOUNTS_FLOW, 'run-6', 'err-open'],
      ['synced', CONTACTS_FLOW, 'run-5', 'updated'],
      ['synced', CONTACTS_FLOW, 'run-3', 'created'],
      ['error', CONTACTS_FLOW, 'run-2', 'err-old'],
    ],
  );
  assert.deepEqual(entries[2], {
    at: '2026-01-05T09:00:00.000Z',
    flowId: CONTACTS_FLOW,
    kind: 'synced',
    sourceId: 'NS-7',
    targetId: '003CONTACT7',
    target: 'salesforce/Contact',
    action: 'updated',
    runId: 'run-5',
  });
  assert.equal(entries[0]?.resolution, 'succeeded');
  assert.equal(entries[0]?.by, 'run-3');
  assert.equal(entries[1]?.code, 'TARGET_VALIDATION');
  assert.equal(entries[1]?.nodeId, 'upsert-account');
  assert.match(entries[1]?.message ?? '', /REQUIRED_FIELD_MISSING/);
  for (let i = 1; i < entries.length; i++) assert.ok(entries[i - 1]!.at >= entries[i]!.at, 'newest first');
});

test('the target system’s id finds the same record, errors included', async () => {
  const bySource = await timeline('NS-7');
  const byTarget = await timeline('003CONTACT7');
  assert.deepEqual(byTarget.entries, bySource.entries);
});

test('an unknown record has an empty timeline; limit keeps the newest', async () => {
  assert.deepEqual((await timeline('NS-404')).entries, []);
  const limited = await timeline('NS-7', '?limit=2');
  assert.deepEqual(
    limited.entries.map((e) => e.kind),
    ['resolved', 'error'],
  );
});

test('every role may ask; an anonymous caller may not', async () => {
  for (const role of ROLES) {
    assert.equal(
      (await t.as(role, { method: 'GET', url: '/api/ledger/records/NS-7' })).statusCode,
      200,
      role,
    );
  }
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/ledger/records/NS-7' })).statusCode, 401);
});

test('bad input is answered with 400 naming the field', async () => {
  const cases: [string, string][] = [
    ['/api/ledger/records/NS-7?limit=0', '/querystring/limit'],
    ['/api/ledger/records/NS-7?limit=501', '/querystring/limit'],
    ['/api/ledger/records/NS-7?limit=ten', '/querystring/limit'],
    ['/api/ledger/records/NS-7?colour=red', '/querystring/colour'],
  ];
  for (const [url, path] of cases) {
    const response = await t.as('viewer', { method: 'GET', url });
    assert.equal(response.statusCode, 400, url);
    const issues = (JSON.parse(response.body) as { issues: { path: string }[] }).issues;
    assert.ok(
      issues.some((i) => i.path === path),
      `${url}: ${JSON.stringify(issues)}`,
    );
  }
  // Longer ids than any system's are refused naming the parameter, and past the router's limit the
  // answer keeps the API's error shape.
  const long = await t.as('viewer', { method: 'GET', url: `/api/ledger/records/${'x'.repeat(101)}` });
  assert.equal(long.statusCode, 400);
  assert.match(long.body, /recordId/);
  const huge = await t.as('viewer', { method: 'GET', url: `/api/ledger/records/${'x'.repeat(300)}` });
  assert.equal(huge.json<{ code: string }>().code, 'VALIDATION_FAILED');
});
