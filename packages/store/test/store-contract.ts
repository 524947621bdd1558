import type { Flow, LedgerEntry, RecordError, RunRecord } from '@flowsync/contracts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DuplicateError,
  NotFoundError,
  VersionConflictError,
  type LedgerHistoryEntry,
  type Store,
} from '../src/index.ts';

/*
 * The behaviour every Store adapter must have. Each adapter's test file calls defineStoreContract with a
 * function that opens a fresh, empty store; each test opens its own and closes it.
 */

export function makeFlow(id: string, name = `Flow ${id}`): Flow {
  return {
    schemaVersion: 1,
    id,
    name,
    description: 'NetSuite contacts to Salesforce contacts',
    nodes: [
      {
        id: 'trigger',
        type: 'trigger',
        position: { x: 0, y: 0 },
        config: {
          connection: 'netsuite',
          object: 'contact',
          idField: 'id',
          schedule: { kind: 'interval', everySeconds: 300 },
          incremental: { field: 'lastModifiedDate', overlapSeconds: 60 },
        },
      },
      {
        id: 'qualify',
        type: 'qualify',
        position: { x: 200, y: 0 },
        label: 'Company ID set',
        config: { expression: '$exists(companyId) and companyId != ""' },
      },
      {
        id: 'upsert',
        type: 'upsert',
        position: { x: 400, y: 0.5 },
        config: {
          connection: 'salesforce',
          object: 'Contact',
          operation: 'upsert',
          match: { kind: 'externalId', field: 'NetSuite_Id__c' },
          skipUnchanged: true,
        },
      },
    ],
    edges: [
      { id: 'e1', source: 'trigger', sourceHandle: 'out', target: 'qualify' },
      { id: 'e2', source: 'qualify', sourceHandle: 'pass', target: 'upsert' },
    ],
    settings: {
      retry: { attempts: 4, backoff: 'exponential', baseDelayMs: 500, maxDelayMs: 60_000 },
      batchSize: 200,
      concurrency: 4,
      errorPolicy: { mode: 'continue' },
      overlap: 'skip',
    },
  };
}

export function makeRun(
  id: string,
  flowId: string,
  queuedAt: string,
  status: RunRecord['status'] = 'queued',
): RunRecord {
  return {
    id,
    flowId,
    flowVersion: 1,
    trigger: { kind: 'selected', sourceIds: ['c-1', 'c-2'] },
    status,
    queuedAt,
    totals: { read: 0, written: 0, rejected: 0, skipped: 0, failed: 0 },
    nodes: {},
    requestedBy: 'ada@example.com',
  };
}

export function makeError(id: string, overrides: Partial<RecordError> = {}): RecordError {
  return {
    id,
    flowId: 'contacts',
    flowVersion: 1,
    runId: 'run-1',
    nodeId: 'upsert',
    sourceId: `c-${id}`,
    code: 'TARGET_VALIDATION',
    message: 'REQUIRED_FIELD_MISSING: LastName',
    retryable: false,
    attempt: 1,
    payload: { sourceId: `c-${id}`, data: { id, 'odata.etag': 'W/"1"', $type: 'contact' }, lookups: {} },
    status: 'open',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function ledgerEntry(
  sourceId: string,
  targetId: string,
  overrides: Partial<LedgerHistoryEntry> = {},
): LedgerHistoryEntry {
  return {
    flowId: 'contacts',
    target: 'salesforce/Contact',
    sourceId,
    targetId,
    hash: `h-${sourceId}`,
    runId: 'run-1',
    syncedAt: '2025-01-01T00:00:00.000Z',
    action: 'created',
    ...overrides,
  };
}

function withoutAction({ action: _action, ...entry }: LedgerHistoryEntry): LedgerEntry {
  return entry;
}

const isIso = (value: string): boolean => !Number.isNaN(Date.parse(value)) && value.endsWith('Z');

export function defineStoreContract(name: string, open: () => Promise<Store>): void {
  const withStore = (body: (store: Store) => Promise<void>) => async () => {
    const store = await open();
    try {
      await body(store);
    } finally {
      await store.close();
    }
  };

  describe(`${name}: store contract`, () => {
    describe('flows', () => {
      it(
        'saves a first version and reads it back',
        withStore(async (store) => {
          const flow = makeFlow('contacts');
          const saved = await store.flows.save(flow, { author: 'ada', message: 'first draft' });
          assert.equal(saved.version, 1);
          assert.equal(saved.flowId, 'contacts');
          assert.equal(saved.author, 'ada');
          assert.equal(saved.message, 'first draft');
          assert.ok(isIso(saved.createdAt));
          assert.deepEqual(saved.flow, flow);
          assert.deepEqual(await store.flows.get('contacts'), saved);
          assert.deepEqual(await store.flows.state('contacts'), {
            flowId: 'contacts',
            enabled: false,
            currentVersion: 1,
            updatedAt: saved.createdAt,
            updatedBy: 'ada',
          });
          assert.equal(await store.flows.get('missing'), null);
          assert.equal(await store.flows.state('missing'), null);
        }),
      );

      it(
        'keeps every version; get without a version returns the current one',
        withStore(async (store) => {
          const v1 = makeFlow('contacts', 'Contacts');
          const v2 = { ...makeFlow('contacts', 'Contacts v2'), description: 'second' };
          await store.flows.save(v1, { author: 'ada' });
          const saved2 = await store.flows.save(v2, { author: 'bob', message: 'rename' });
          assert.equal(saved2.version, 2);
          assert.deepEqual((await store.flows.get('contacts'))?.flow, v2);
          assert.deepEqual((await store.flows.get('contacts', 1))?.flow, v1);
          assert.equal(await store.flows.get('contacts', 3), null);
          const versions = await store.flows.versions('contacts');
          assert.deepEqual(
            versions.map((v) => [v.version, v.author, v.message]),
            [
              [2, 'bob', 'rename'],
              [1, 'ada', undefined],
            ],
          );
          assert.ok(versions.every((v) => !('flow' in v) && !('message' in v && v.message === undefined)));
          assert.deepEqual(await store.flows.versions('missing'), []);
        }),
      );

      it(
        'rejects a stale expectedVersion with VersionConflictError and writes nothing',
        withStore(async (store) => {
          await store.flows.save(makeFlow('contacts'), { author: 'ada', expectedVersion: 0 });
          await assert.rejects(
            store.flows.save(makeFlow('contacts', 'again'), { author: 'bob', expectedVersion: 0 }),
            (error: unknown) =>
              error instanceof VersionConflictError &&
              error.flowId === 'contacts' &&
              error.expectedVersion === 0 &&
              error.currentVersion === 1,
          );
          await store.flows.save(makeFlow('contacts', 'v2'), { author: 'bob', expectedVersion: 1 });
          await assert.rejects(
            store.flows.save(makeFlow('contacts', 'stale'), { author: 'eve', expectedVersion: 1 }),
            (error: unknown) => error instanceof VersionConflictError && error.currentVersion === 2,
          );
          await assert.rejects(
            store.flows.save(makeFlow('other'), { author: 'eve', expectedVersion: 3 }),
            (error: unknown) => error instanceof VersionConflictError && error.currentVersion === 0,
          );
          assert.equal((await store.flows.get('contacts'))?.flow.name, 'v2');
          assert.equal((await store.flows.versions('contacts')).length, 2);
          assert.equal((await store.flows.state('contacts'))?.updatedBy, 'bob');
          assert.equal(await store.flows.state('other'), null);
        }),
      );

      it(
        'lets exactly one of two concurrent saves with the same expectedVersion win',
        withStore(async (store) => {
          const created = await Promise.allSettled([
            store.flows.save(makeFlow('contacts', 'A'), { author: 'ada', expectedVersion: 0 }),
            store.flows.save(makeFlow('contacts', 'B'), { author: 'bob', expectedVersion: 0 }),
          ]);
          assert.equal(created.filter((r) => r.status === 'fulfilled').length, 1);
          const lost = created.find((r) => r.status === 'rejected');
          assert.ok(lost?.status === 'rejected' && lost.reason instanceof VersionConflictError);

          const updated = await Promise.allSettled([
            store.flows.save(makeFlow('contacts', 'C'), { author: 'ada', expectedVersion: 1 }),
            store.flows.save(makeFlow('contacts', 'D'), { author: 'bob', expectedVersion: 1 }),
          ]);
          const winners = updated.filter((r) => r.status === 'fulfilled');
          assert.equal(winners.length, 1);
          const winner = winners[0];
          assert.ok(winner?.status === 'fulfilled');
          const current = await store.flows.get('contacts');
          assert.equal(current?.version, 2);
          assert.equal(current?.flow.name, winner.value.flow.name);
          assert.deepEqual(
            (await store.flows.versions('contacts')).map((v) => v.version),
            [2, 1],
          );
        }),
      );

      it(
        'saves without expectedVersion always append (last writer wins)',
        withStore(async (store) => {
          const results = await Promise.all(
            ['A', 'B', 'C'].map((label) => store.flows.save(makeFlow('contacts', label), { author: label })),
          );
          assert.deepEqual(results.map((r) => r.version).sort(), [1, 2, 3]);
          assert.equal((await store.flows.state('contacts'))?.currentVersion, 3);
        }),
      );

      it(
        'lists flows with their names and state, and tracks the latest name',
        withStore(async (store) => {
          assert.deepEqual(await store.flows.list(), []);
          await store.flows.save(makeFlow('b-flow', 'Bravo'), { author: 'ada' });
          await store.flows.save(makeFlow('a-flow', 'Alpha'), { author: 'ada' });
          await store.flows.save(makeFlow('b-flow', 'Bravo renamed'), { author: 'bob' });
          const list = await store.flows.list();
          assert.deepEqual(
            list.map((f) => [f.flowId, f.name, f.currentVersion, f.enabled, f.updatedBy]),
            [
              ['a-flow', 'Alpha', 1, false, 'ada'],
              ['b-flow', 'Bravo renamed', 2, false, 'bob'],
            ],
          );
        }),
      );

      it(
        'enables and disables a flow; a new version keeps the switch',
        withStore(async (store) => {
          await store.flows.save(makeFlow('contacts'), { author: 'ada' });
          const enabled = await store.flows.setEnabled('contacts', true, 'admin');
          assert.equal(enabled.enabled, true);
          assert.equal(enabled.updatedBy, 'admin');
          assert.equal(enabled.currentVersion, 1);
          assert.deepEqual(await store.flows.state('contacts'), enabled);
          await store.flows.save(makeFlow('contacts', 'v2'), { author: 'ada' });
          assert.equal((await store.flows.state('contacts'))?.enabled, true);
          assert.equal((await store.flows.list())[0]?.enabled, true);
          assert.equal((await store.flows.setEnabled('contacts', false, 'admin')).enabled, false);
          await assert.rejects(store.flows.setEnabled('missing', true, 'admin'), NotFoundError);
        }),
      );

      it(
        'deletes a flow with its versions; the id can be reused from version 1',
        withStore(async (store) => {
          await store.flows.save(makeFlow('contacts', 'old'), { author: 'ada' });
          await store.flows.save(makeFlow('contacts', 'old 2'), { author: 'ada' });
          await store.flows.save(makeFlow('keep'), { author: 'ada' });
          assert.equal(await store.flows.delete('contacts'), true);
          assert.equal(await store.flows.delete('contacts'), false);
          assert.equal(await store.flows.get('contacts'), null);
          assert.equal(await store.flows.get('contacts', 1), null);
          assert.equal(await store.flows.state('contacts'), null);
          assert.deepEqual(await store.flows.versions('contacts'), []);
          assert.deepEqual(
            (await store.flows.list()).map((f) => f.flowId),
            ['keep'],
          );
          const again = await store.flows.save(makeFlow('contacts', 'new'), {
            author: 'bob',
            expectedVersion: 0,
          });
          assert.equal(again.version, 1);
          assert.equal((await store.flows.get('contacts', 1))?.flow.name, 'new');
          assert.deepEqual(
            (await store.flows.versions('contacts')).map((v) => v.version),
            [1],
          );
        }),
      );
    });

    describe('connections', () => {
      const salesforce = {
        name: 'sf-sandbox',
        kind: 'salesforce',
        config: {
          instanceUrl: 'https://example.my.salesforce.com',
          clientId: 'client-1',
          nested: { a: [1, 2] },
        },
        secrets: { clientSecret: 'p@ss:w0rd/secret', refreshToken: 'refresh-token-value' },
      };

      it(
        'puts a connection and gets it back with decrypted secrets',
        withStore(async (store) => {
          const summary = await store.connections.put(salesforce, 'ada');
          assert.deepEqual(summary.secretKeys, ['clientSecret', 'refreshToken']);
          assert.equal(summary.updatedBy, 'ada');
          assert.equal(summary.createdAt, summary.updatedAt);
          assert.ok(!('secrets' in summary));
          const got = await store.connections.get('sf-sandbox');
          assert.deepEqual(got, { ...summary, secrets: salesforce.secrets });
          assert.equal(await store.connections.get('missing'), null);
        }),
      );

      it(
        'lists connections by name without any secret value',
        withStore(async (store) => {
          await store.connections.put(salesforce, 'ada');
          await store.connections.put(
            {
              name: 'ns-prod',
              kind: 'netsuite',
              config: { accountId: '123' },
              secrets: { tokenSecret: 'ns-token-secret' },
            },
            'ada',
          );
          const list = await store.connections.list();
          assert.deepEqual(
            list.map((c) => [c.name, c.kind, c.secretKeys]),
            [
              ['ns-prod', 'netsuite', ['tokenSecret']],
              ['sf-sandbox', 'salesforce', ['clientSecret', 'refreshToken']],
            ],
          );
          assert.deepEqual(list[1]?.config, salesforce.config);
          const text = JSON.stringify(list);
          for (const secret of ['p@ss:w0rd/secret', 'refresh-token-value', 'ns-token-secret']) {
            assert.ok(!text.includes(secret), `list() leaks ${secret}`);
          }
          assert.ok(list.every((c) => !('secrets' in c)));
        }),
      );

      it(
        'replaces secrets on put, or keeps omitted ones with keepExistingSecrets',
        withStore(async (store) => {
          const first = await store.connections.put(salesforce, 'ada');
          const kept = await store.connections.put(
            {
              ...salesforce,
              config: { instanceUrl: 'https://new.example.com' },
              secrets: { clientSecret: 'rotated' },
            },
            'bob',
            { keepExistingSecrets: true },
          );
          assert.deepEqual(kept.secretKeys, ['clientSecret', 'refreshToken']);
          assert.equal(kept.createdAt, first.createdAt);
          assert.equal(kept.updatedBy, 'bob');
          assert.ok(kept.updatedAt >= first.updatedAt);
          assert.deepEqual((await store.connections.get('sf-sandbox'))?.secrets, {
            clientSecret: 'rotated',
            refreshToken: 'refresh-token-value',
          });
          assert.deepEqual((await store.connections.get('sf-sandbox'))?.config, {
            instanceUrl: 'https://new.example.com',
          });

          const replaced = await store.connections.put(
            { ...salesforce, secrets: { apiKey: 'only-this' } },
            'eve',
          );
          assert.deepEqual(replaced.secretKeys, ['apiKey']);
          assert.deepEqual((await store.connections.get('sf-sandbox'))?.secrets, { apiKey: 'only-this' });

          const fresh = await store.connections.put(
            { name: 'new-conn', kind: 'rest', config: {}, secrets: { token: 't' } },
            'ada',
            { keepExistingSecrets: true },
          );
          assert.deepEqual(fresh.secretKeys, ['token']);
          assert.deepEqual((await store.connections.get('new-conn'))?.secrets, { token: 't' });
        }),
      );

      it(
        'rejects secret names that cannot be stored safely',
        withStore(async (store) => {
          await assert.rejects(
            store.connections.put({ ...salesforce, secrets: { $where: 'x' } }, 'ada'),
            /secret name/,
          );
          await assert.rejects(
            store.connections.put({ ...salesforce, secrets: { 'a.b': 'x' } }, 'ada'),
            /secret name/,
          );
          assert.equal(await store.connections.get('sf-sandbox'), null);
        }),
      );

      it(
        'deletes a connection',
        withStore(async (store) => {
          await store.connections.put(salesforce, 'ada');
          assert.equal(await store.connections.delete('sf-sandbox'), true);
          assert.equal(await store.connections.delete('sf-sandbox'), false);
          assert.equal(await store.connections.get('sf-sandbox'), null);
          assert.deepEqual(await store.connections.list(), []);
        }),
      );
    });

    describe('runs', () => {
      it(
        'creates and reads a run; a duplicate id is rejected',
        withStore(async (store) => {
          const run = makeRun('run-1', 'contacts', '2025-01-01T00:00:00.000Z');
          await store.runs.create(run);
          assert.deepEqual(await store.runs.get('run-1'), run);
          assert.equal(await store.runs.get('missing'), null);
          await assert.rejects(store.runs.create({ ...run, status: 'running' }), DuplicateError);
          assert.equal((await store.runs.get('run-1'))?.status, 'queued');
        }),
      );

      it(
        'updates a run with a partial patch',
        withStore(async (store) => {
          const run = { ...makeRun('run-1', 'contacts', '2025-01-01T00:00:00.000Z'), message: 'waiting' };
          await store.runs.create(run);
          const nodes = {
            upsert: { received: 10, emitted: { out: 8 }, failed: 2, skipped: 0, retries: 3 },
          };
          // The first rejected records with the condition each failed (run detail shows them).
          const rejections = [{ nodeId: 'qualify', sourceId: 'c-7', reason: 'Email != ""' }];
          await store.runs.update('run-1', {
            status: 'completedWithErrors',
            startedAt: '2025-01-01T00:00:01.000Z',
            finishedAt: '2025-01-01T00:00:09.000Z',
            totals: { read: 10, written: 8, rejected: 0, skipped: 0, failed: 2 },
            nodes,
            rejections,
          });
          assert.deepEqual(await store.runs.get('run-1'), {
            ...run,
            status: 'completedWithErrors',
            startedAt: '2025-01-01T00:00:01.000Z',
            finishedAt: '2025-01-01T00:00:09.000Z',
            totals: { read: 10, written: 8, rejected: 0, skipped: 0, failed: 2 },
            nodes,
            rejections,
          });
          // A key given as undefined clears the field.
          await store.runs.update('run-1', { message: undefined });
          assert.ok(!('message' in ((await store.runs.get('run-1')) ?? {})));
          await store.runs.update('run-1', {});
          assert.equal((await store.runs.get('run-1'))?.status, 'completedWithErrors');
          await assert.rejects(store.runs.update('missing', { status: 'failed' }), NotFoundError);
          await assert.rejects(store.runs.update('missing', {}), NotFoundError);
        }),
      );

      it(
        'lists runs newest first with flow, status, before and limit filters',
        withStore(async (store) => {
          const runs = [
            makeRun('r1', 'contacts', '2025-01-01T00:00:01.000Z', 'succeeded'),
            makeRun('r2', 'accounts', '2025-01-01T00:00:02.000Z', 'failed'),
            makeRun('r3', 'contacts', '2025-01-01T00:00:03.000Z', 'running'),
            makeRun('r4', 'contacts', '2025-01-01T00:00:04.000Z', 'queued'),
            makeRun('r5', 'accounts', '2025-01-01T00:00:05.000Z', 'succeeded'),
          ];
          for (const run of runs) await store.runs.create(run);
          const ids = (list: RunRecord[]) => list.map((r) => r.id);
          assert.deepEqual(ids(await store.runs.list({})), ['r5', 'r4', 'r3', 'r2', 'r1']);
          assert.deepEqual(ids(await store.runs.list({ flowId: 'contacts' })), ['r4', 'r3', 'r1']);
          assert.deepEqual(ids(await store.runs.list({ status: ['queued', 'running'] })), ['r4', 'r3']);
          assert.deepEqual(ids(await store.runs.list({ status: [] })), ['r5', 'r4', 'r3', 'r2', 'r1']);
          assert.deepEqual(ids(await store.runs.list({ flowId: 'accounts', status: ['succeeded'] })), ['r5']);
          assert.deepEqual(ids(await store.runs.list({ before: '2025-01-01T00:00:04.000Z' })), [
            'r3',
            'r2',
            'r1',
          ]);
          assert.deepEqual(ids(await store.runs.list({ limit: 2 })), ['r5', 'r4']);
          assert.deepEqual(ids(await store.runs.list({ limit: 0 })), []);
          assert.deepEqual(await store.runs.list({ flowId: 'contacts', limit: 1 }), [runs[3]]);
        }),
      );
    });

    describe('record errors', () => {
      it(
        'inserts 1,000 errors in one call and pages through them',
        withStore(async (store) => {
          const errors = Array.from({ length: 1000 }, (_, i) =>
            makeError(`e${String(i).padStart(4, '0')}`, {
              createdAt: `2025-01-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z`,
            }),
          );
          await store.errors.insertMany(errors);
          assert.equal(await store.errors.count({ flowId: 'contacts' }), 1000);
          assert.equal(await store.errors.count({}), 1000);
          assert.deepEqual(await store.errors.get('e0042'), errors[42]);
          const pages: string[] = [];
          for (let offset = 0; offset < 1000; offset += 300) {
            const page = await store.errors.list({ flowId: 'contacts', limit: 300, offset });
            pages.push(...page.map((e) => e.id));
          }
          assert.equal(pages.length, 1000);
          assert.equal(new Set(pages).size, 1000);
          assert.equal(pages[0], 'e0999', 'newest first');
          assert.equal(pages[999], 'e0000');
          assert.equal((await store.errors.list({})).length, 100, 'default limit');
        }),
      );

      it(
        'ignores an id that is already stored (a retried page)',
        withStore(async (store) => {
          await store.errors.insertMany([makeError('a'), makeError('b')]);
          await store.errors.insertMany([makeError('b', { message: 'second try' }), makeError('c')]);
          assert.equal(await store.errors.count({}), 3);
          assert.equal((await store.errors.get('b'))?.message, 'REQUIRED_FIELD_MISSING: LastName');
          await store.errors.insertMany([]);
          assert.equal(await store.errors.get('missing'), null);
        }),
      );

      it(
        'filters list and count by flow, node, code, status, run and source id',
        withStore(async (store) => {
          await store.errors.insertMany([
            makeError('1', { createdAt: '2025-01-01T00:00:01.000Z' }),
            makeError('2', {
              nodeId: 'lookup',
              code: 'MULTIPLE_MATCHES',
              createdAt: '2025-01-01T00:00:02.000Z',
            }),
            makeError('3', { runId: 'run-2', code: 'RATE_LIMITED', createdAt: '2025-01-01T00:00:03.000Z' }),
            makeError('4', { flowId: 'accounts', sourceId: 'c-1', createdAt: '2025-01-01T00:00:04.000Z' }),
            makeError('5', {
              status: 'resolved',
              resolution: 'manual',
              resolvedAt: '2025-01-02T00:00:00.000Z',
              resolvedBy: 'ada',
              createdAt: '2025-01-01T00:00:05.000Z',
            }),
          ]);
          const cases: [Parameters<Store['errors']['list']>[0], string[]][] = [
            [{ flowId: 'contacts' }, ['5', '3', '2', '1']],
            [{ flowId: 'contacts', status: 'open' }, ['3', '2', '1']],
            [{ status: 'resolved' }, ['5']],
            [{ nodeId: 'lookup' }, ['2']],
            [{ flowId: 'contacts', nodeId: 'upsert', status: 'open' }, ['3', '1']],
            [{ code: 'RATE_LIMITED' }, ['3']],
            [{ runId: 'run-2' }, ['3']],
            [{ sourceId: 'c-1' }, ['4', '1']],
            [{ flowId: 'accounts', sourceId: 'c-1' }, ['4']],
            [{ flowId: 'nope' }, []],
          ];
          for (const [filter, expected] of cases) {
            assert.deepEqual(
              (await store.errors.list(filter)).map((e) => e.id),
              expected,
              JSON.stringify(filter),
            );
            assert.equal(await store.errors.count({ ...filter, limit: 1, offset: 1 }), expected.length);
          }
          assert.deepEqual(await store.errors.get('5'), {
            ...makeError('5', { createdAt: '2025-01-01T00:00:05.000Z' }),
            status: 'resolved',
            resolution: 'manual',
            resolvedAt: '2025-01-02T00:00:00.000Z',
            resolvedBy: 'ada',
          });
        }),
      );

      it(
        'resolves open errors by id and reports how many changed',
        withStore(async (store) => {
          await store.errors.insertMany([makeError('1'), makeError('2'), makeError('3')]);
          const before = new Date().toISOString();
          assert.equal(await store.errors.resolve(['1', '2', 'missing'], 'manual', 'ada'), 2);
          assert.equal(await store.errors.resolve(['1', '2'], 'retried', 'bob'), 0, 'already resolved');
          assert.equal(await store.errors.resolve([], 'manual', 'ada'), 0);
          const one = await store.errors.get('1');
          assert.equal(one?.status, 'resolved');
          assert.equal(one?.resolution, 'manual');
          assert.equal(one?.resolvedBy, 'ada');
          assert.ok(one?.resolvedAt !== undefined && one.resolvedAt >= before);
          assert.equal(one?.updatedAt, one?.resolvedAt);
          assert.equal((await store.errors.get('3'))?.status, 'open');
          assert.equal(await store.errors.count({ status: 'open' }), 1);
        }),
      );

      it(
        'resolves every open error of a record in one flow when it later succeeds',
        withStore(async (store) => {
          await store.errors.insertMany([
            makeError('1', { sourceId: 'c-7', nodeId: 'lookup' }),
            makeError('2', { sourceId: 'c-7', nodeId: 'upsert' }),
            makeError('3', { sourceId: 'c-8' }),
            makeError('4', { sourceId: 'c-7', flowId: 'accounts' }),
            makeError('5', { sourceId: 'c-7', status: 'resolved', resolution: 'manual', resolvedBy: 'eve' }),
          ]);
          assert.equal(await store.errors.resolveForRecords('contacts', ['c-7', 'c-9'], 'run-5'), 2);
          assert.equal(await store.errors.resolveForRecords('contacts', [], 'run-5'), 0);
          for (const id of ['1', '2']) {
            const error = await store.errors.get(id);
            assert.equal(error?.status, 'resolved');
            assert.equal(error?.resolution, 'succeeded');
            assert.equal(error?.resolvedBy, 'run-5');
          }
          assert.equal((await store.errors.get('3'))?.status, 'open');
          assert.equal((await store.errors.get('4'))?.status, 'open', 'other flow untouched');
          assert.equal((await store.errors.get('5'))?.resolution, 'manual', 'already resolved untouched');
        }),
      );

      it(
        'resolves more ids than fit in one statement',
        withStore(async (store) => {
          const errors = Array.from({ length: 1200 }, (_, i) => makeError(`e${i}`, { sourceId: `s${i}` }));
          await store.errors.insertMany(errors);
          const ids = errors.map((e) => e.id);
          assert.equal(
            await store.errors.resolve([...ids.slice(0, 700), ...ids.slice(0, 10)], 'retried', 'ada'),
            700,
          );
          const sources = errors.slice(600).map((e) => e.sourceId);
          assert.equal(await store.errors.resolveForRecords('contacts', sources, 'run-9'), 500);
          assert.equal(await store.errors.count({ status: 'open' }), 0);
        }),
      );

      it(
        'replaces the payload of an error for an edited retry',
        withStore(async (store) => {
          await store.errors.insertMany([makeError('1')]);
          const payload = {
            sourceId: 'c-1',
            data: { id: '1', lastName: 'Lovelace' },
            lookups: { account: { Id: '001' } },
            mapped: { LastName: 'Lovelace' },
          };
          await store.errors.updatePayload('1', payload);
          const updated = await store.errors.get('1');
          assert.deepEqual(updated?.payload, payload);
          assert.ok(updated !== null && updated.updatedAt > updated.createdAt);
          assert.equal(updated?.status, 'open');
          await assert.rejects(store.errors.updatePayload('missing', payload), NotFoundError);
        }),
      );
    });

    describe('ledger', () => {
      it(
        'upserts entries: insert, then update of the same key, with a growing history',
        withStore(async (store) => {
          await store.ledger.upsertMany([ledgerEntry('c-1', '003A'), ledgerEntry('c-2', '003B')]);
          const update = ledgerEntry('c-1', '003A', {
            hash: 'h-changed',
            runId: 'run-2',
            syncedAt: '2025-01-02T00:00:00.000Z',
            action: 'updated',
          });
          await store.ledger.upsertMany([update]);
          const map = await store.ledger.getMany('contacts', 'salesforce/Contact', ['c-1', 'c-2', 'c-3']);
          assert.deepEqual([...map.keys()].sort(), ['c-1', 'c-2']);
          assert.deepEqual(map.get('c-1'), withoutAction(update));
          assert.deepEqual(map.get('c-2'), withoutAction(ledgerEntry('c-2', '003B')));
          const history = await store.ledger.history('c-1');
          assert.deepEqual(history, [update, ledgerEntry('c-1', '003A')]);
        }),
      );

      it(
        'keeps the last entry when one batch holds the same key twice',
        withStore(async (store) => {
          // Same syncedAt on purpose: history() then orders by write order, latest first.
          await store.ledger.upsertMany([
            ledgerEntry('c-1', '003A'),
            ledgerEntry('c-1', '003Z', { hash: 'h2', action: 'updated' }),
          ]);
          const map = await store.ledger.getMany('contacts', 'salesforce/Contact', ['c-1']);
          assert.equal(map.get('c-1')?.targetId, '003Z');
          assert.deepEqual(
            (await store.ledger.history('c-1')).map((h) => h.targetId),
            ['003Z', '003A'],
          );
        }),
      );

      it(
        'gets many entries in one call, more than 1,000 ids, scoped by flow and target',
        withStore(async (store) => {
          const entries = Array.from({ length: 2500 }, (_, i) => ledgerEntry(`s${i}`, `t${i}`));
          await store.ledger.upsertMany(entries);
          await store.ledger.upsertMany([
            ledgerEntry('s1', 'other-flow', { flowId: 'accounts' }),
            ledgerEntry('s1', 'other-target', { target: 'salesforce/Account' }),
          ]);
          const ids = [
            ...entries.map((e) => e.sourceId),
            ...Array.from({ length: 100 }, (_, i) => `missing${i}`),
            's5',
          ];
          const map = await store.ledger.getMany('contacts', 'salesforce/Contact', ids);
          assert.equal(map.size, 2500);
          assert.equal(map.get('s1')?.targetId, 't1');
          assert.equal(map.get('s2499')?.targetId, 't2499');
          assert.equal(map.get('missing0'), undefined);
          assert.equal(
            (await store.ledger.getMany('accounts', 'salesforce/Contact', ['s1'])).get('s1')?.targetId,
            'other-flow',
          );
          assert.equal(
            (await store.ledger.getMany('contacts', 'salesforce/Account', ['s1', 's2'])).get('s1')?.targetId,
            'other-target',
          );
          assert.equal((await store.ledger.getMany('contacts', 'salesforce/Contact', [])).size, 0);
        }),
      );

      it(
        'forgets the current entries of one flow and keeps its history',
        withStore(async (store) => {
          await store.ledger.upsertMany([
            ledgerEntry('s1', 't1'),
            ledgerEntry('s2', 't2'),
            ledgerEntry('s1', 'other', { flowId: 'accounts' }),
          ]);
          assert.equal(await store.ledger.forgetFlow('contacts'), 2);
          assert.equal((await store.ledger.getMany('contacts', null, ['s1', 's2'])).size, 0);
          assert.equal((await store.ledger.getMany('accounts', null, ['s1'])).size, 1);
          assert.ok((await store.ledger.history('s2')).length > 0);
        }),
      );

      it(
        'gets entries of any target of a flow when the target is null, the latest sync winning',
        withStore(async (store) => {
          await store.ledger.upsertMany([
            ledgerEntry('s1', 'contact-1', { syncedAt: '2026-03-01T00:00:00.000Z' }),
            ledgerEntry('s1', 'account-1', {
              target: 'salesforce/Account',
              syncedAt: '2026-03-02T00:00:00.000Z',
            }),
            ledgerEntry('s2', 'contact-2'),
            ledgerEntry('s3', 'elsewhere', { flowId: 'accounts' }),
          ]);
          const map = await store.ledger.getMany('contacts', null, ['s1', 's2', 's3']);
          assert.equal(map.size, 2);
          assert.equal(map.get('s1')?.targetId, 'account-1');
          assert.equal(map.get('s2')?.targetId, 'contact-2');
        }),
      );

      it(
        'finds entries by target id (reverse lookup)',
        withStore(async (store) => {
          const entries = Array.from({ length: 1500 }, (_, i) => ledgerEntry(`s${i}`, `t${i}`));
          await store.ledger.upsertMany(entries);
          await store.ledger.upsertMany([ledgerEntry('x', 't1', { flowId: 'accounts' })]);
          const map = await store.ledger.getByTargetIds(
            'contacts',
            'salesforce/Contact',
            entries.map((e) => e.targetId).concat('nope'),
          );
          assert.equal(map.size, 1500);
          assert.deepEqual(map.get('t1'), withoutAction(entries[1] ?? ledgerEntry('', '')));
          assert.equal(
            (await store.ledger.getByTargetIds('accounts', 'salesforce/Contact', ['t1'])).get('t1')?.sourceId,
            'x',
          );
        }),
      );

      it(
        'shows the history of a record across flows, by source or target id, newest first',
        withStore(async (store) => {
          await store.ledger.upsertMany([
            ledgerEntry('c-1', '003A', { syncedAt: '2025-01-01T00:00:00.000Z' }),
            ledgerEntry('acc-9', 'c-1', {
              flowId: 'back-sync',
              target: 'netsuite/contact',
              syncedAt: '2025-01-03T00:00:00.000Z',
            }),
            ledgerEntry('c-2', '003B', { syncedAt: '2025-01-04T00:00:00.000Z' }),
          ]);
          await store.ledger.upsertMany([
            ledgerEntry('c-1', '003A', {
              syncedAt: '2025-01-02T00:00:00.000Z',
              action: 'updated',
              hash: 'h2',
            }),
          ]);
          const history = await store.ledger.history('c-1');
          assert.deepEqual(
            history.map((h) => [h.flowId, h.syncedAt, h.action]),
            [
              ['back-sync', '2025-01-03T00:00:00.000Z', 'created'],
              ['contacts', '2025-01-02T00:00:00.000Z', 'updated'],
              ['contacts', '2025-01-01T00:00:00.000Z', 'created'],
            ],
          );
          assert.deepEqual(
            (await store.ledger.history('c-1', 2)).map((h) => h.syncedAt),
            ['2025-01-03T00:00:00.000Z', '2025-01-02T00:00:00.000Z'],
          );
          assert.deepEqual(
            (await store.ledger.history('003B')).map((h) => h.sourceId),
            ['c-2'],
          );
          assert.deepEqual(await store.ledger.history('nobody'), []);
        }),
      );
    });

    describe('watermarks', () => {
      it(
        'sets, overwrites, reads and clears watermarks per flow and node',
        withStore(async (store) => {
          assert.equal(await store.watermarks.get('contacts', 'trigger'), null);
          const first = {
            flowId: 'contacts',
            nodeId: 'trigger',
            value: '2025-01-01T00:00:00Z',
            updatedAt: '2025-01-01T00:01:00.000Z',
            runId: 'r1',
          };
          await store.watermarks.set(first);
          assert.deepEqual(await store.watermarks.get('contacts', 'trigger'), first);
          const second = {
            flowId: 'contacts',
            nodeId: 'trigger',
            value: '2025-01-02T00:00:00Z',
            updatedAt: '2025-01-02T00:01:00.000Z',
          };
          await store.watermarks.set(second);
          assert.deepEqual(await store.watermarks.get('contacts', 'trigger'), second);
          const otherNode = { ...second, nodeId: 'trigger-2' };
          const otherFlow = { ...second, flowId: 'accounts' };
          await store.watermarks.set(otherNode);
          await store.watermarks.set(otherFlow);
          await store.watermarks.clear('contacts');
          assert.equal(await store.watermarks.get('contacts', 'trigger'), null);
          assert.equal(await store.watermarks.get('contacts', 'trigger-2'), null);
          assert.deepEqual(await store.watermarks.get('accounts', 'trigger'), otherFlow);
        }),
      );
    });

    describe('users', () => {
      const ada = {
        email: 'Ada@Example.com',
        name: 'Ada',
        role: 'admin',
        passwordHash: 'scrypt$abc',
        disabled: false,
      } as const;

      it(
        'creates users and finds them by email, case-insensitively',
        withStore(async (store) => {
          assert.equal(await store.users.count(), 0);
          const user = await store.users.create(ada);
          assert.ok(user.id.length > 0);
          assert.ok(isIso(user.createdAt));
          assert.equal(user.createdAt, user.updatedAt);
          assert.deepEqual(user, {
            ...ada,
            id: user.id,
            createdAt: user.createdAt,
            updatedAt: user.updatedAt,
          });
          assert.deepEqual(await store.users.getByEmail('ada@example.com'), user);
          assert.deepEqual(await store.users.getByEmail(' ADA@EXAMPLE.COM '), user);
          assert.deepEqual(await store.users.get(user.id), user);
          assert.equal(await store.users.getByEmail('bob@example.com'), null);
          assert.equal(await store.users.get('missing'), null);
          assert.equal(await store.users.count(), 1);
        }),
      );

      it(
        'rejects a second user with the same email',
        withStore(async (store) => {
          await store.users.create(ada);
          await assert.rejects(
            store.users.create({ ...ada, email: 'ada@example.COM', name: 'Other' }),
            DuplicateError,
          );
          assert.equal(await store.users.count(), 1);
          assert.equal((await store.users.getByEmail('ada@example.com'))?.name, 'Ada');
        }),
      );

      it(
        'lists, updates and counts users',
        withStore(async (store) => {
          const a = await store.users.create(ada);
          const b = await store.users.create({
            ...ada,
            email: 'bob@example.com',
            name: 'Bob',
            role: 'viewer',
          });
          assert.deepEqual(
            (await store.users.list()).map((u) => u.email),
            ['Ada@Example.com', 'bob@example.com'],
          );
          const updated = await store.users.update(b.id, { role: 'analyst', disabled: true });
          assert.deepEqual(updated, { ...b, role: 'analyst', disabled: true, updatedAt: updated.updatedAt });
          assert.ok(updated.updatedAt >= b.updatedAt);
          assert.deepEqual(await store.users.get(b.id), updated);
          const renamed = await store.users.update(a.id, { name: 'Ada L.', passwordHash: 'scrypt$new' });
          assert.equal(renamed.name, 'Ada L.');
          assert.equal(renamed.passwordHash, 'scrypt$new');
          assert.equal(renamed.role, 'admin');
          assert.equal(renamed.disabled, false);
          assert.equal((await store.users.update(b.id, { disabled: false })).disabled, false);
          await assert.rejects(store.users.update('missing', { name: 'x' }), NotFoundError);
          assert.equal(await store.users.count(), 2);
        }),
      );
    });

    describe('audit', () => {
      it(
        'appends entries and lists them newest first, filtered by subject or actor',
        withStore(async (store) => {
          const first = await store.audit.append({
            actor: 'ada',
            action: 'flow.save',
            subject: 'flow:contacts',
            detail: { version: 1, nested: { $op: 'x', 'a.b': true } },
            at: '2025-01-01T00:00:00.000Z',
          });
          assert.ok(first.id.length > 0);
          assert.equal(first.at, '2025-01-01T00:00:00.000Z');
          await store.audit.append({
            actor: 'bob',
            action: 'flow.enable',
            subject: 'flow:contacts',
            at: '2025-01-02T00:00:00.000Z',
          });
          await store.audit.append({
            actor: 'ada',
            action: 'connection.put',
            subject: 'connection:sf',
            at: '2025-01-03T00:00:00.000Z',
          });
          const now = await store.audit.append({ actor: 'eve', action: 'user.create', subject: 'user:eve' });
          assert.ok(isIso(now.at));
          assert.ok(!('detail' in now));

          const all = await store.audit.list({});
          assert.deepEqual(
            all.map((e) => e.action),
            ['user.create', 'connection.put', 'flow.enable', 'flow.save'],
          );
          assert.deepEqual(all[3], first);
          assert.deepEqual(
            (await store.audit.list({ subject: 'flow:contacts' })).map((e) => e.actor),
            ['bob', 'ada'],
          );
          assert.deepEqual(
            (await store.audit.list({ actor: 'ada' })).map((e) => e.action),
            ['connection.put', 'flow.save'],
          );
          assert.deepEqual(
            (await store.audit.list({ actor: 'ada', subject: 'flow:contacts' })).map((e) => e.id),
            [first.id],
          );
          assert.equal((await store.audit.list({ limit: 2 })).length, 2);
        }),
      );

      it(
        'orders entries with the same time by insertion',
        withStore(async (store) => {
          const at = '2025-01-01T00:00:00.000Z';
          for (const action of ['a', 'b', 'c'])
            await store.audit.append({ actor: 'ada', action, subject: 's', at });
          assert.deepEqual(
            (await store.audit.list({ subject: 's' })).map((e) => e.action),
            ['c', 'b', 'a'],
          );
        }),
      );
    });

    describe('sessions', () => {
      const session = (idHash: string, userId = 'u1', expiresAt = '2025-01-02T00:00:00.000Z') => ({
        idHash,
        userId,
        csrfToken: `csrf-${idHash}`,
        createdAt: '2025-01-01T00:00:00.000Z',
        expiresAt,
        lastSeenAt: '2025-01-01T00:00:00.000Z',
      });

      it(
        'creates sessions, gets them by hash and touches them',
        withStore(async (store) => {
          await store.sessions.create(session('h1'));
          await assert.rejects(store.sessions.create({ ...session('h1'), userId: 'u2' }), DuplicateError);
          assert.deepEqual(await store.sessions.get('h1'), session('h1'));
          assert.equal(await store.sessions.get('h2'), null);
          await store.sessions.touch('h1', '2025-01-01T05:00:00.000Z');
          assert.deepEqual(await store.sessions.get('h1'), {
            ...session('h1'),
            lastSeenAt: '2025-01-01T05:00:00.000Z',
          });
          await store.sessions.touch('missing', '2025-01-01T05:00:00.000Z');
          assert.equal(await store.sessions.get('missing'), null);
        }),
      );

      it(
        'deletes one session, all of a user (optionally but one) and the expired ones',
        withStore(async (store) => {
          for (const s of [
            session('a1', 'ada'),
            session('a2', 'ada'),
            session('a3', 'ada'),
            session('b1', 'bob'),
          ])
            await store.sessions.create(s);
          assert.equal(await store.sessions.delete('a1'), true);
          assert.equal(await store.sessions.delete('a1'), false);
          assert.equal(await store.sessions.get('a1'), null);
          assert.equal(await store.sessions.deleteForUser('ada', { exceptIdHash: 'a3' }), 1);
          assert.equal(await store.sessions.get('a2'), null);
          assert.ok(await store.sessions.get('a3'));
          assert.equal(await store.sessions.deleteForUser('ada'), 1);
          assert.equal(await store.sessions.get('a3'), null);
          assert.ok(await store.sessions.get('b1'), 'another user keeps their session');

          await store.sessions.create(session('old', 'bob', '2025-01-01T10:00:00.000Z'));
          await store.sessions.create(session('edge', 'bob', '2025-01-01T12:00:00.000Z'));
          await store.sessions.create(session('new', 'bob', '2025-01-01T12:00:00.001Z'));
          assert.equal(await store.sessions.deleteExpired('2025-01-01T12:00:00.000Z'), 2);
          assert.equal(await store.sessions.get('old'), null);
          assert.equal(await store.sessions.get('edge'), null);
          assert.ok(await store.sessions.get('new'));
          assert.ok(await store.sessions.get('b1'));
        }),
      );
    });

    describe('API tokens', () => {
      const token = (id: string, userId = 'ada', createdAt = `2025-01-0${id.slice(-1)}T00:00:00.000Z`) => ({
        id,
        userId,
        name: `token ${id}`,
        tokenHash: `hash-${id}`,
        createdAt,
      });

      it(
        'creates tokens and finds them by id and by hash; hashes and ids are unique',
        withStore(async (store) => {
          assert.deepEqual(await store.apiTokens.create(token('t1')), token('t1'));
          assert.deepEqual(await store.apiTokens.get('t1'), token('t1'));
          assert.deepEqual(await store.apiTokens.getByHash('hash-t1'), token('t1'));
          assert.equal(await store.apiTokens.getByHash('t1'), null);
          assert.equal(await store.apiTokens.get('missing'), null);
          await assert.rejects(
            store.apiTokens.create({ ...token('t1'), tokenHash: 'other' }),
            DuplicateError,
          );
          await assert.rejects(
            store.apiTokens.create({ ...token('t2'), tokenHash: 'hash-t1' }),
            DuplicateError,
          );
          assert.equal(await store.apiTokens.get('t2'), null);
        }),
      );

      it(
        'lists tokens newest first, per user or all',
        withStore(async (store) => {
          for (const t of [token('t2'), token('t1'), token('t3', 'bob'), token('t4')])
            await store.apiTokens.create(t);
          assert.deepEqual(
            (await store.apiTokens.listForUser('ada')).map((t) => t.id),
            ['t4', 't2', 't1'],
          );
          assert.deepEqual(
            (await store.apiTokens.list()).map((t) => t.id),
            ['t4', 't3', 't2', 't1'],
          );
          assert.deepEqual(await store.apiTokens.listForUser('eve'), []);
        }),
      );

      it(
        'revokes a token once (keeping the first time) and records its last use',
        withStore(async (store) => {
          await store.apiTokens.create(token('t1'));
          await store.apiTokens.touch('t1', '2025-02-01T00:00:00.000Z');
          const revoked = await store.apiTokens.revoke('t1', '2025-03-01T00:00:00.000Z');
          assert.deepEqual(revoked, {
            ...token('t1'),
            lastUsedAt: '2025-02-01T00:00:00.000Z',
            revokedAt: '2025-03-01T00:00:00.000Z',
          });
          assert.deepEqual(await store.apiTokens.revoke('t1', '2025-04-01T00:00:00.000Z'), revoked);
          assert.deepEqual(await store.apiTokens.getByHash('hash-t1'), revoked);
          assert.deepEqual((await store.apiTokens.list())[0], revoked);
          assert.equal(await store.apiTokens.revoke('missing', '2025-04-01T00:00:00.000Z'), null);
        }),
      );
    });

    describe('webhook inbox', () => {
      const event = (
        id: string,
        flowId = 'contacts',
        receivedAt = `2025-01-01T00:00:0${id.slice(-1)}.000Z`,
      ) => ({
        id,
        flowId,
        receivedAt,
        events: [{ kind: 'update', id: `c-${id}`, data: { $type: 'contact', 'odata.id': id } }],
      });

      it(
        'puts events as pending; a redelivered id returns the stored event',
        withStore(async (store) => {
          const stored = await store.webhookInbox.put(event('w1'));
          assert.deepEqual(stored, { ...event('w1'), status: 'pending' });
          const again = await store.webhookInbox.put({ ...event('w1'), events: ['different'] });
          assert.deepEqual(again, stored);
          assert.deepEqual(await store.webhookInbox.get('w1'), stored);
          assert.equal(await store.webhookInbox.get('missing'), null);
          assert.deepEqual(await store.webhookInbox.pendingFlows(), ['contacts']);
        }),
      );

      it(
        'claims pending events of one flow oldest first, never twice',
        withStore(async (store) => {
          for (const id of ['w3', 'w1', 'w2', 'w4', 'w5']) await store.webhookInbox.put(event(id));
          await store.webhookInbox.put(event('x1', 'accounts'));
          const first = await store.webhookInbox.claim('contacts', 2);
          assert.deepEqual(
            first.map((e) => e.id),
            ['w1', 'w2'],
          );
          assert.ok(first.every((e) => e.status === 'processing'));
          assert.deepEqual(first[0]?.events, event('w1').events);
          const rest = await store.webhookInbox.claim('contacts', 10);
          assert.deepEqual(
            rest.map((e) => e.id),
            ['w3', 'w4', 'w5'],
          );
          assert.deepEqual(await store.webhookInbox.claim('contacts', 10), []);
          assert.deepEqual(await store.webhookInbox.claim('accounts', 0), []);
          assert.equal((await store.webhookInbox.get('w4'))?.status, 'processing');
          assert.deepEqual(await store.webhookInbox.pendingFlows(), ['accounts']);
        }),
      );

      it(
        'gives concurrent claimers disjoint events',
        withStore(async (store) => {
          const ids = Array.from({ length: 9 }, (_, i) => `w${i + 1}`);
          for (const id of ids) await store.webhookInbox.put(event(id));
          const claims = await Promise.all([
            store.webhookInbox.claim('contacts', 4),
            store.webhookInbox.claim('contacts', 4),
            store.webhookInbox.claim('contacts', 4),
          ]);
          const claimed = claims.flat().map((e) => e.id);
          assert.equal(new Set(claimed).size, claimed.length, 'no event claimed twice');
          assert.deepEqual([...claimed].sort(), ids);
        }),
      );

      it(
        'completes events with their outcome',
        withStore(async (store) => {
          for (const id of ['w1', 'w2', 'w3']) await store.webhookInbox.put(event(id));
          await store.webhookInbox.claim('contacts', 3);
          await store.webhookInbox.complete(['w1', 'w2'], { status: 'processed', runId: 'run-7' });
          await store.webhookInbox.complete(['w3'], {
            status: 'failed',
            runId: 'run-7',
            error: 'flow disabled',
          });
          assert.deepEqual(await store.webhookInbox.get('w1'), {
            ...event('w1'),
            status: 'processed',
            runId: 'run-7',
          });
          assert.deepEqual(await store.webhookInbox.get('w3'), {
            ...event('w3'),
            status: 'failed',
            runId: 'run-7',
            error: 'flow disabled',
          });
          await store.webhookInbox.complete([], { status: 'processed' });
          assert.equal(await store.webhookInbox.requeueProcessing(), 0);
          assert.deepEqual(await store.webhookInbox.claim('contacts', 10), []);
          assert.deepEqual(await store.webhookInbox.pendingFlows(), []);
        }),
      );

      it(
        'requeues events left processing by a crash',
        withStore(async (store) => {
          for (const id of ['w1', 'w2', 'w3']) await store.webhookInbox.put(event(id));
          await store.webhookInbox.put(event('x1', 'accounts'));
          await store.webhookInbox.claim('contacts', 2);
          await store.webhookInbox.claim('accounts', 1);
          assert.deepEqual(await store.webhookInbox.pendingFlows(), ['contacts']);
          assert.equal(await store.webhookInbox.requeueProcessing(), 3);
          assert.equal(await store.webhookInbox.requeueProcessing(), 0);
          assert.deepEqual(await store.webhookInbox.pendingFlows(), ['accounts', 'contacts']);
          assert.deepEqual(
            (await store.webhookInbox.claim('contacts', 10)).map((e) => e.id),
            ['w1', 'w2', 'w3'],
          );
        }),
      );
    });
  });
}
