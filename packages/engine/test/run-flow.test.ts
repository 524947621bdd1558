import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectorError } from '@flowsync/connector-sdk';
import { compileFlow, FlowCompileError, runFlow } from '../src/index.ts';
import { compileFixture, createHarness, loadFixture } from './fakes/harness.ts';
import { MODIFIED } from './fakes/fake-system.ts';
import type { MemoryStore } from './fakes/memory-store.ts';
import { seedContacts, targetContacts } from './seed.ts';

const rateLimited = () =>
  new ConnectorError('RATE_LIMITED', 'slow down', { retryAfterMs: 1500, status: 429 });

describe('runFlow: trigger → lookup → qualify → lookup → map → upsert', () => {
  it('syncs qualifying records, rejects the others with the reason, and writes the target id back', async () => {
    const h = createHarness();
    seedContacts(h, 25);
    const result = await h.run(compileFixture('contacts.flow.json'));

    assert.equal(result.status, 'succeeded');
    assert.deepEqual(result.totals, { read: 25, written: 23, rejected: 2, skipped: 0, failed: 0 });
    const written = targetContacts(h);
    assert.equal(written.length, 23);
    const n7 = written.find((c) => c.SourceId === 'N7');
    assert.deepEqual(
      { ...n7, id: undefined, [MODIFIED]: undefined },
      {
        id: undefined,
        [MODIFIED]: undefined,
        FirstName: 'First7',
        LastName: 'Last7',
        Email: 'person7@example.com',
        AccountId: 'A2',
        SourceId: 'N7',
        LeadSource: 'Trade Show',
        Synced: true,
      },
    );
    // Write-back: the source contact now holds its target id.
    assert.equal(h.source.table('contact').get('N7')?.targetId, n7?.id);
    assert.deepEqual(
      result.rejections.map((r) => [r.sourceId, r.reason]),
      [
        ['N10', 'criteria not met: $exists($account.id)'],
        ['N20', 'criteria not met: $exists($account.id)'],
      ],
    );
    assert.equal(result.nodes['qualify']?.emitted['reject'], 2);
    assert.equal(result.nodes['upsert']?.received, 23);
    assert.ok(h.events.some((e) => e.type === 'run.recordRejected' && e.sourceId === 'N10'));
    assert.equal(h.events.at(-1)?.type, 'run.finished');
  });

  it('looks up a whole page in one call per strategy, not one per record', async () => {
    const h = createHarness();
    seedContacts(h, 20); // two pages of 10
    await h.run(compileFixture('contacts.flow.json'));
    // find-account: page 2 finds every company in the run's cache; find-contact: strategy 1 then
    // strategy 2, once per page (misses are never cached: this run creates them).
    assert.equal(h.target.countCalls('lookup', 'Account'), 1);
    assert.equal(h.target.countCalls('lookup', 'Contact'), 4);
    assert.equal(h.target.countCalls('upsertBatch', 'Contact'), 2);
  });

  it('updates an existing target contact found by email instead of creating a duplicate', async () => {
    const h = createHarness();
    seedContacts(h, 3);
    h.target.seed('Contact', [{ id: 'T-existing', Email: 'person2@example.com', LastName: 'Old' }]);
    // Lookup compares exact values: the fixture's source emails are mixed case, so store one as-is.
    h.source.table('contact').get('N2')!.email = 'person2@example.com';
    await h.run(compileFixture('contacts.flow.json'));
    const contacts = targetContacts(h);
    assert.equal(contacts.length, 3);
    assert.equal(h.target.table('Contact').get('T-existing')?.LastName, 'Last2');
  });

  it('retries a transient failure with backoff that honours Retry-After, then succeeds', async () => {
    const h = createHarness();
    seedContacts(h, 5);
    h.target.failNext('upsertBatch', 2, rateLimited);
    const result = await h.run(compileFixture('contacts.flow.json'));
    assert.equal(result.status, 'succeeded');
    assert.equal(result.totals.written, 5);
    assert.equal(result.nodes['upsert']?.retries, 2);
    assert.equal((h.store as MemoryStore).errorRows.size, 0);
    assert.equal(h.clock.sleeps.length, 2);
    assert.ok(
      h.clock.sleeps.every((ms) => ms >= 1500),
      `slept ${h.clock.sleeps.join(', ')}`,
    );
  });

  it('stores a permanent failure with its payload and goes on with the other records', async () => {
    const h = createHarness();
    seedContacts(h, 12);
    h.target.rules.push({
      object: 'Contact',
      check: (fields) => (fields.LastName === 'Last4' ? 'LastName: value not allowed' : undefined),
    });
    const result = await h.run(compileFixture('contacts.flow.json'));
    assert.equal(result.status, 'completedWithErrors');
    assert.equal(result.totals.failed, 1);
    assert.equal(result.totals.written, 10);
    const [error] = (h.store as MemoryStore).openErrors();
    assert.ok(error);
    assert.equal(error.nodeId, 'upsert');
    assert.equal(error.sourceId, 'N4');
    assert.equal(error.code, 'TARGET_VALIDATION');
    assert.equal(error.message, 'LastName: value not allowed');
    assert.equal(error.retryable, false);
    assert.equal(error.attempt, 1);
    assert.equal(error.payload.mapped?.LastName, 'Last4');
    assert.equal((error.payload.lookups.account as { id: string }).id, 'A2');
    assert.ok(h.events.some((e) => e.type === 'run.recordError' && e.errorId === error.id));
  });

  it('retries a stored error from its node with an edited payload, and the success resolves it', async () => {
    const h = createHarness();
    seedContacts(h, 5);
    h.target.rules.push({
      object: 'Contact',
      check: (fields) => (fields.LastName === 'Last4' ? 'LastName: value not allowed' : undefined),
    });
    const compiled = compileFixture('contacts.flow.json');
    await h.run(compiled);
    const store = h.store as MemoryStore;
    const [error] = store.openErrors();
    assert.ok(error?.payload.mapped);
    const edited = structuredClone(error);
    edited.payload.mapped!.LastName = 'Fixed';
    const retry = await h.run(
      compiled,
      { kind: 'retry', errors: [edited] },
      { trigger: { kind: 'retry', errorIds: [error.id] } },
    );
    assert.equal(retry.status, 'succeeded');
    assert.equal(retry.totals.written, 1);
    assert.equal(retry.nodes['find-account']?.received, 0, 'the retry starts at the node that failed');
    assert.equal(store.openErrors().length, 0);
    assert.equal(store.errorRows.get(error.id)?.resolution, 'succeeded');
    assert.ok(targetContacts(h).some((c) => c.SourceId === 'N4' && c.LastName === 'Fixed'));
  });

  it('stores a retry that fails again as a new error with the next attempt number', async () => {
    const h = createHarness();
    seedContacts(h, 5);
    h.target.rules.push({ object: 'Contact', check: (f) => (f.LastName === 'Last4' ? 'nope' : undefined) });
    const compiled = compileFixture('contacts.flow.json');
    await h.run(compiled);
    const store = h.store as MemoryStore;
    const [first] = store.openErrors();
    assert.ok(first);
    await h.run(compiled, { kind: 'retry', errors: [first] });
    const open = store.openErrors();
    assert.equal(open.length, 1);
    assert.equal(open[0]?.attempt, 2);
    assert.equal(store.errorRows.get(first.id)?.resolution, 'retried');
  });

  it('skips unchanged records on the next run and writes only what changed', async () => {
    const h = createHarness();
    seedContacts(h, 10);
    const compiled = compileFixture('contacts.flow.json', (doc) => {
      // A full read each time, so the second run sees every record again.
      const trigger = (doc.nodes as { config: Record<string, unknown> }[])[0]!;
      delete trigger.config.incremental;
    });
    await h.run(compiled);
    const writes = h.target.writes;
    h.source.table('contact').get('N3')!.lastName = 'Changed';
    const second = await h.run(compiled);
    assert.equal(second.totals.skipped, 8);
    assert.equal(second.totals.written, 1);
    assert.equal(h.target.writes, writes + 1);
    assert.equal(second.nodes['upsert']?.skipped, 8);
  });

  it('reads incrementally from the committed watermark', async () => {
    const h = createHarness();
    seedContacts(h, 10);
    const compiled = compileFixture('contacts.flow.json');
    const first = await h.run(compiled);
    assert.ok(first.watermark);
    const record = h.source.table('contact').get('N5')!;
    h.source.seed('contact', [{ ...record, lastName: 'Later', [MODIFIED]: h.source.tick() }]);
    const second = await h.run(compiled);
    // The boundary record (N10, at the watermark itself) is read again: reads are inclusive.
    assert.equal(second.totals.read, 2);
    assert.equal(second.totals.written, 1);
    assert.equal(second.totals.rejected, 1);
    assert.equal(h.target.table('Contact').get(String(record.targetId))?.LastName, 'Later');
  });

  it('bounds an incremental read at the time the run begins; a later change is read by the next run', async () => {
    const h = createHarness();
    seedContacts(h, 10);
    const compiled = compileFixture('contacts.flow.json');
    const started = h.clock.now();
    // N4 changed a second after the run began (as the run's own write-back would stamp it).
    const n4 = h.source.table('contact').get('N4')!;
    const later = new Date(started + 1000).toISOString();
    h.source.seed('contact', [{ ...n4, lastName: 'Changed', [MODIFIED]: later }]);

    const first = await h.run(compiled);
    assert.equal(h.source.readRequests[0]?.incremental?.until, new Date(started).toISOString());
    assert.equal(first.totals.read, 9, 'N4 is left to the next run');
    assert.ok(targetContacts(h).every((c) => c.SourceId !== 'N4'));

    h.clock.ms += 60_000;
    const second = await h.run(compiled);
    // From the watermark (N10, read again: reads are inclusive) to the second run's start.
    assert.equal(second.totals.read, 2);
    assert.equal(targetContacts(h).find((c) => c.SourceId === 'N4')?.LastName, 'Changed');
  });

  it('bounds each sweep of a polling run at the time that sweep begins', async () => {
    const h = createHarness();
    seedContacts(h, 5);
    const compiled = compileFixture('contacts.flow.json', (doc) => {
      const trigger = (doc.nodes as { id: string; config: Record<string, unknown> }[]).find(
        (n) => n.id === 'trigger',
      );
      if (!trigger) throw new Error('no trigger');
      trigger.config['schedule'] = {
        kind: 'polling',
        everySeconds: 60,
        checkProcessSeconds: 12,
        sleepSeconds: 5,
      };
    });
    const started = h.clock.now();
    // Stamped between the first sweep's start and the second's.
    h.source.seed('contact', [
      {
        id: 'N6',
        firstName: 'First6',
        lastName: 'Last6',
        email: 'Person6@Example.com',
        companyId: 'C1',
        origin: 'web',
        [MODIFIED]: new Date(started + 3000).toISOString(),
      },
    ]);
    const result = await h.run(compiled);
    assert.equal(result.status, 'succeeded');
    assert.deepEqual(
      h.source.readRequests.map((r) => r.incremental?.until),
      [0, 5000, 10_000].map((ms) => new Date(started + ms).toISOString()),
    );
    assert.ok(
      targetContacts(h).some((c) => c.SourceId === 'N6'),
      'the second sweep read N6',
    );
  });

  it('resumes after a crash between pages with no duplicate and no loss', async () => {
    const h = createHarness();
    seedContacts(h, 30);
    const compiled = compileFixture('contacts.flow.json', (doc) => {
      (doc.settings as { concurrency: number }).concurrency = 1;
    });
    // The process "dies" while the second page's write is in flight, after the target applied it.
    const crash = new AbortController();
    let batches = 0;
    h.target.afterWrite = async () => {
      batches += 1;
      if (batches === 2) {
        crash.abort(new Error('process killed'));
        throw crash.signal.reason; // the answer never arrives
      }
    };
    const crashed = await h.run(compiled, { kind: 'read' }, { signal: crash.signal });
    assert.equal(crashed.status, 'cancelled');
    const store = h.store as MemoryStore;
    const committed = store.watermarkRows.get('contacts-fixture|trigger')?.value;
    assert.ok(committed, 'the first page committed its watermark');
    assert.equal(store.errorRows.size, 0, 'interrupted records are not errors');

    h.target.afterWrite = undefined;
    const resumed = await h.run(compiled);
    assert.equal(resumed.status, 'succeeded');
    const contacts = targetContacts(h);
    const bySource = new Map<string, number>();
    for (const c of contacts) bySource.set(String(c.SourceId), (bySource.get(String(c.SourceId)) ?? 0) + 1);
    assert.equal(contacts.length, 27, 'every qualifying contact is there');
    assert.ok(
      [...bySource.values()].every((n) => n === 1),
      'and none twice',
    );
  });

  it('fails the page of a lookup that keeps failing, stores each record as a retryable error, and commits', async () => {
    const h = createHarness();
    seedContacts(h, 10);
    h.target.failNext('lookup', 10, () => new ConnectorError('SERVER_ERROR', 'HTTP 503', { status: 503 }));
    const result = await h.run(compileFixture('contacts.flow.json'));
    assert.equal(result.status, 'completedWithErrors');
    assert.equal(result.totals.failed, 9, 'N10 has no company id: it is rejected without a lookup');
    const errors = (h.store as MemoryStore).openErrors();
    assert.ok(errors.every((e) => e.code === 'SERVER_ERROR' && e.retryable && e.nodeId === 'find-account'));
    assert.ok(result.watermark, 'every record reached a final state, so the watermark advanced');
  });

  it('fails the run when reading keeps failing, and commits nothing', async () => {
    const h = createHarness();
    seedContacts(h, 5);
    h.source.failNext('read', 10, () => new ConnectorError('NETWORK', 'ECONNRESET'));
    h.source.seed('contact', [{ id: 'N99', companyId: 'C1', lastName: 'x' }]);
    const result = await h.run(compileFixture('contacts.flow.json'));
    assert.equal(result.status, 'failed');
    assert.match(result.message ?? '', /ECONNRESET/);
    assert.equal(result.watermark, undefined);
  });

  it('stops after the configured number of record errors', async () => {
    const h = createHarness();
    seedContacts(h, 40);
    h.target.rules.push({ object: 'Contact', check: () => 'always wrong' });
    const compiled = compileFixture('contacts.flow.json', (doc) => {
      (doc.settings as Record<string, unknown>).errorPolicy = { mode: 'stopAfter', maxErrors: 5 };
      (doc.settings as Record<string, unknown>).concurrency = 1;
    });
    const result = await h.run(compiled);
    assert.equal(result.status, 'failed');
    assert.match(result.message ?? '', /error policy/);
    assert.ok(result.totals.read < 40);
  });

  it('stores a value-map miss as a record error when the map says so', async () => {
    const h = createHarness();
    seedContacts(h, 3);
    h.source.table('contact').get('N2')!.origin = 'radio';
    const compiled = compileFixture('contacts.flow.json', (doc) => {
      const map = (
        doc.nodes as { id: string; config: { valueMaps: { origins: Record<string, unknown> } } }[]
      ).find((n) => n.id === 'map')!;
      map.config.valueMaps.origins.onMissing = 'error';
    });
    const result = await h.run(compiled);
    const [error] = (h.store as MemoryStore).openErrors();
    assert.equal(result.totals.failed, 1);
    assert.equal(error?.code, 'VALUE_MAP_MISSING');
    assert.equal(error?.message, 'LeadSource: value map "origins" has no entry for "radio"');
  });

  it('processes realtime records and selected ids without touching the watermark', async () => {
    const h = createHarness();
    const contacts = seedContacts(h, 6);
    const compiled = compileFixture('contacts.flow.json');
    const realtime = await h.run(compiled, { kind: 'records', records: [contacts[0]!] });
    assert.equal(realtime.totals.written, 1);
    const selected = await h.run(compiled, { kind: 'ids', ids: ['N2', 'N3'] });
    assert.equal(selected.totals.read, 2);
    assert.equal(selected.totals.written, 2);
    assert.equal((h.store as MemoryStore).watermarkRows.size, 0);
  });

  it('stores a source record without an id as an error at the trigger', async () => {
    const h = createHarness();
    const compiled = compileFixture('contacts.flow.json');
    const result = await h.run(compiled, { kind: 'records', records: [{ firstName: 'No id' }] });
    assert.equal(result.totals.failed, 1);
    assert.equal((h.store as MemoryStore).openErrors()[0]?.code, 'MISSING_KEY');
  });

  it('emits started, counters and finished events whose final counters match the result', async () => {
    const h = createHarness();
    seedContacts(h, 25);
    const result = await h.run(compileFixture('contacts.flow.json'));
    const types = h.events.map((e) => e.type);
    assert.equal(types[0], 'run.started');
    assert.ok(types.includes('run.counters'));
    assert.ok(types.includes('run.watermark'));
    const finished = h.events.at(-1);
    assert.ok(finished?.type === 'run.finished');
    assert.deepEqual(finished.totals, result.totals);
    const lastCounters = h.events.filter((e) => e.type === 'run.counters').at(-1);
    assert.ok(lastCounters?.type === 'run.counters');
    assert.deepEqual(lastCounters.nodes, result.nodes);
  });
});

describe('compileFlow', () => {
  it('rejects a bad flow document with per-node messages', () => {
    const doc = loadFixture('contacts.flow.json');
    const nodes = doc.nodes as { id: string; config: Record<string, unknown> }[];
    nodes.find((n) => n.id === 'qualify')!.config.expression = '$exists($account.id) and (';
    nodes.find((n) => n.id === 'upsert')!.config.operation = 'merge';
    (doc.edges as unknown[]).push({ id: 'bad', source: 'map', sourceHandle: 'pass', target: 'upsert' });
    assert.throws(
      () => compileFlow(doc),
      (error: unknown) => {
        assert.ok(error instanceof FlowCompileError);
        const byNode = new Map(error.issues.map((i) => [`${i.nodeId ?? i.edgeId}:${i.code}`, i]));
        assert.ok(byNode.has('qualify:expressionSyntax'), [...byNode.keys()].join(', '));
        assert.ok(byNode.has('upsert:schema'), [...byNode.keys()].join(', '));
        assert.ok(
          [...byNode.keys()].some((k) => k.endsWith(':badHandle')),
          [...byNode.keys()].join(', '),
        );
        return true;
      },
    );
  });
});

describe('reading', () => {
  it('resumes a failed page read from the last cursor, without reading a page twice', async () => {
    const h = createHarness();
    seedContacts(h, 30);
    const compiled = compileFixture('contacts.flow.json', (doc) => {
      (doc.settings as { concurrency: number }).concurrency = 1;
    });
    let reads = 0;
    const original = h.source.read.bind(h.source);
    h.source.read = async function* (request) {
      for await (const page of original(request)) {
        reads += 1;
        if (reads === 2) throw new ConnectorError('TIMEOUT', 'read timed out');
        yield page;
      }
    };
    const result = await h.run(compiled);
    assert.equal(result.status, 'succeeded');
    assert.equal(result.totals.read, 30);
    assert.equal(result.nodes['trigger']?.retries, 1);
  });
});

describe('write-back', () => {
  it('writes back once when the source was read without the write-back field, and not on later sweeps', async () => {
    const h = createHarness();
    seedContacts(h, 5);
    const compiled = compileFixture('contacts.flow.json', (doc) => {
      const trigger = (doc.nodes as { config: Record<string, unknown> }[])[0]!;
      trigger.config.fields = ['id', 'firstName', 'lastName', 'email', 'companyId', 'origin', 'modifiedAt'];
      delete trigger.config.incremental;
    });
    const project = h.source.read.bind(h.source);
    h.source.read = async function* (request) {
      for await (const page of project(request)) {
        const fields = request.fields ?? [];
        yield { ...page, records: page.records.map((r) => Object.fromEntries(fields.map((f) => [f, r[f]]))) };
      }
    };
    await h.run(compiled);
    assert.equal(h.source.countCalls('update'), 5);
    await h.run(compiled);
    assert.equal(h.source.countCalls('update'), 5, 'an unchanged target id is not written back again');
  });
});

describe('graceful stop', () => {
  it('finishes the pages in flight, commits their watermark and reads no further page', async () => {
    const h = createHarness();
    seedContacts(h, 50);
    const compiled = compileFixture('contacts.flow.json', (doc) => {
      (doc.settings as { concurrency: number }).concurrency = 1;
    });
    const stop = new AbortController();
    const result = await runFlow(
      compiled,
      {
        runId: 'stop-1',
        flowVersion: 1,
        trigger: { kind: 'manual' },
        input: { kind: 'read' },
        stopSignal: stop.signal,
      },
      {
        ...h.ports,
        events: {
          emit: (event) => {
            if (event.type === 'run.watermark') stop.abort();
          },
        },
      },
    );
    assert.equal(result.status, 'cancelled');
    assert.match(result.message ?? '', /shutdown/);
    assert.ok(result.totals.read >= 10 && result.totals.read < 50, `read ${result.totals.read}`);
    assert.equal(result.totals.failed, 0);
    const committed = (h.store as MemoryStore).watermarkRows.get('contacts-fixture|trigger')?.value;
    assert.equal(committed, result.watermark);
  });
});

describe('retrying errors of a node that no longer exists', () => {
  it('fails the run with a clear message instead of dropping the records', async () => {
    const h = createHarness();
    seedContacts(h, 3);
    const compiled = compileFixture('contacts.flow.json');
    const ghost = {
      id: 'e-ghost',
      flowId: 'contacts-fixture',
      flowVersion: 1,
      runId: 'old',
      nodeId: 'removed-node',
      sourceId: 'N1',
      code: 'TARGET_VALIDATION' as const,
      message: 'old',
      retryable: false,
      attempt: 1,
      payload: { sourceId: 'N1', data: { id: 'N1' }, lookups: {} },
      status: 'open' as const,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    };
    const result = await h.run(compiled, { kind: 'retry', errors: [ghost] });
    assert.equal(result.status, 'failed');
    assert.match(result.message ?? '', /removed-node is not in this version/);
  });
});
