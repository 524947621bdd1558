// The engine running the trigger → lookup → qualify → lookup → map → upsert fixture flow on the
// embedded SQLite store (the default a user gets), with in-process fake systems.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openSqliteStore, type Store } from '@flowsync/store';
import type { EngineStore } from '@flowsync/engine';
import { compileFixture, createHarness } from '../packages/engine/test/fakes/harness.ts';
import { seedContacts, targetContacts } from '../packages/engine/test/seed.ts';

describe('engine on the embedded SQLite store', () => {
  let dir: string;
  let store: Store;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowsync-engine-sqlite-'));
    store = await openSqliteStore({ path: join(dir, 'flowsync.db'), secretKey: randomBytes(32) });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('syncs, records the ledger and watermark, skips unchanged records, and retries a failure to success', async () => {
    const engineStore: EngineStore = store; // the adapter satisfies the engine's port as it is
    const h = createHarness({ store: engineStore });
    seedContacts(h, 45);
    h.target.rules.push({
      object: 'Contact',
      check: (fields) => (fields.LastName === 'Last8' ? 'LastName: Last8 is on the block list' : undefined),
    });
    const compiled = compileFixture('contacts.flow.json');

    const first = await h.run(compiled);
    assert.equal(first.status, 'completedWithErrors');
    assert.deepEqual(first.totals, { read: 45, written: 40, rejected: 4, skipped: 0, failed: 1 });

    const watermark = await store.watermarks.get('contacts-fixture', 'trigger');
    assert.equal(watermark?.value, first.watermark);
    const ledger = await store.ledger.getMany('contacts-fixture', 'target/Contact', ['N1', 'N8', 'N44']);
    assert.equal(ledger.size, 2, 'N8 failed, so it has no ledger entry');
    assert.equal(ledger.get('N1')?.targetId, h.source.table('contact').get('N1')?.targetId);
    const history = await store.ledger.history('N1');
    assert.equal(history[0]?.action, 'created');

    const [error] = await store.errors.list({ flowId: 'contacts-fixture', status: 'open' });
    assert.ok(error);
    assert.equal(error.sourceId, 'N8');
    assert.equal(error.nodeId, 'upsert');
    assert.equal(error.code, 'TARGET_VALIDATION');

    // Fix the payload as a user would in the error inbox, and retry it from the node that failed.
    const edited = structuredClone(error);
    edited.payload.mapped = { ...edited.payload.mapped, LastName: 'Eight' };
    await store.errors.updatePayload(error.id, edited.payload);
    const retry = await h.run(compiled, { kind: 'retry', errors: [edited] });
    assert.equal(retry.status, 'succeeded');
    assert.equal((await store.errors.get(error.id))?.status, 'resolved');
    assert.equal(await store.errors.count({ flowId: 'contacts-fixture', status: 'open' }), 0);

    // Touch every source record without changing data: the next sweep reads them all and writes none.
    for (const record of h.source.table('contact').values()) record.modifiedAt = h.source.tick();
    const writes = h.target.writes;
    const sweep = await h.run(compiled);
    assert.equal(sweep.totals.read, 45);
    assert.equal(sweep.totals.skipped, 40);
    // N8's fix was made in the payload only; its source data still maps to the blocked value.
    assert.equal(sweep.totals.failed, 1);
    assert.equal(h.target.writes, writes);
    assert.equal(targetContacts(h).length, 41);
  });
});
