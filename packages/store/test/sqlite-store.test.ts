import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, it } from 'node:test';
import {
  openSqliteStore,
  openStore,
  SecretDecryptionError,
  SQLITE_MIGRATIONS,
  VersionConflictError,
} from '../src/index.ts';
import { defineStoreContract, makeError, makeFlow } from './store-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsync-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const secretKey = randomBytes(32);
let files = 0;
const newPath = () => join(dir, `store-${++files}.db`);

defineStoreContract('sqlite (file)', () => openSqliteStore({ path: newPath(), secretKey }));
defineStoreContract('sqlite (:memory:)', () => openSqliteStore({ path: ':memory:', secretKey }));

describe('sqlite store', () => {
  it('runs in WAL mode with foreign keys on', async () => {
    const path = newPath();
    const store = await openSqliteStore({ path, secretKey });
    const raw = new DatabaseSync(path);
    try {
      assert.equal(raw.prepare('PRAGMA journal_mode').get()?.journal_mode, 'wal');
      // The cascade only happens with foreign keys enabled on the store's connection.
      await store.flows.save(makeFlow('contacts'), { author: 'ada' });
      await store.flows.delete('contacts');
      assert.equal(raw.prepare('SELECT count(*) AS n FROM flow_versions').get()?.n, 0);
    } finally {
      raw.close();
      await store.close();
    }
  });

  it('stores only ciphertext for connection secrets', async () => {
    const path = newPath();
    const store = await openSqliteStore({ path, secretKey });
    await store.connections.put(
      {
        name: 'sf',
        kind: 'salesforce',
        config: { clientId: 'visible-id' },
        secrets: { clientSecret: 'top-secret-value-42' },
      },
      'ada',
    );
    await store.close();
    const raw = new DatabaseSync(path);
    try {
      const row = raw.prepare('SELECT * FROM connections').get();
      const text = JSON.stringify(row);
      assert.ok(!text.includes('top-secret-value-42'), 'plaintext secret found in the table');
      assert.match(String(row?.secrets), /"clientSecret":"v1:[^"]+"/);
      assert.ok(text.includes('visible-id'), 'config is stored readable');
      // Nor anywhere in the file's pages (the WAL was checkpointed at close).
      assert.ok(!readFileSync(path).includes('top-secret-value-42'));
    } finally {
      raw.close();
    }
  });

  it('keeps data across close and reopen, without re-running migrations', async () => {
    const path = newPath();
    const first = await openSqliteStore({ path, secretKey });
    await first.flows.save(makeFlow('contacts'), { author: 'ada' });
    await first.flows.setEnabled('contacts', true, 'ada');
    await first.connections.put(
      { name: 'sf', kind: 'salesforce', config: {}, secrets: { token: 't0k' } },
      'ada',
    );
    await first.errors.insertMany([makeError('e1')]);
    await first.close();

    const second = await openStore({ kind: 'sqlite', path }, secretKey);
    try {
      assert.equal((await second.flows.state('contacts'))?.enabled, true);
      assert.equal((await second.flows.get('contacts'))?.flow.name, 'Flow contacts');
      assert.deepEqual((await second.connections.get('sf'))?.secrets, { token: 't0k' });
      assert.equal(await second.errors.count({}), 1);
    } finally {
      await second.close();
    }
    const raw = new DatabaseSync(path);
    try {
      const versions = raw.prepare('SELECT version FROM schema_version ORDER BY version').all();
      assert.deepEqual(
        versions.map((row) => row.version),
        SQLITE_MIGRATIONS.map((migration) => migration.version),
      );
    } finally {
      raw.close();
    }
  });

  it('upgrades a database of schema version 1 in place, keeping its data', async () => {
    const path = newPath();
    const [first] = SQLITE_MIGRATIONS;
    assert.ok(first);
    const raw = new DatabaseSync(path);
    raw.exec(`CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL,
      applied_at TEXT NOT NULL) STRICT`);
    raw.exec(first.sql);
    raw.prepare("INSERT INTO schema_version VALUES (1, 'initial schema', '2025-01-01T00:00:00.000Z')").run();
    raw
      .prepare(
        `INSERT INTO users (id, email, email_key, name, role, password_hash, disabled, created_at, updated_at)
         VALUES ('u1', 'ada@example.com', 'ada@example.com', 'Ada', 'admin', 'h', 0, 'x', 'x')`,
      )
      .run();
    raw.close();
    const store = await openSqliteStore({ path, secretKey });
    try {
      assert.equal((await store.users.getByEmail('ada@example.com'))?.name, 'Ada');
      await store.sessions.create({
        idHash: 'h1',
        userId: 'u1',
        csrfToken: 'c',
        createdAt: '2025-01-01T00:00:00.000Z',
        expiresAt: '2025-01-02T00:00:00.000Z',
        lastSeenAt: '2025-01-01T00:00:00.000Z',
      });
      assert.equal((await store.sessions.get('h1'))?.userId, 'u1');
      assert.deepEqual(await store.apiTokens.list(), []);
    } finally {
      await store.close();
    }
  });

  it('refuses a database written by a newer flowsync', async () => {
    const path = newPath();
    await (await openSqliteStore({ path, secretKey })).close();
    const raw = new DatabaseSync(path);
    raw
      .prepare("INSERT INTO schema_version (version, description, applied_at) VALUES (999, 'future', '')")
      .run();
    raw.close();
    await assert.rejects(openSqliteStore({ path, secretKey }), /schema version 999.*upgrade flowsync/);
  });

  it('fails clearly when the secret key differs from the one secrets were stored with', async () => {
    const path = newPath();
    const first = await openSqliteStore({ path, secretKey });
    await first.connections.put(
      { name: 'sf', kind: 'salesforce', config: {}, secrets: { token: 't0k' } },
      'ada',
    );
    await first.close();
    const second = await openSqliteStore({ path, secretKey: randomBytes(32) });
    try {
      await assert.rejects(second.connections.get('sf'), (error: unknown) => {
        assert.ok(error instanceof SecretDecryptionError);
        assert.match(error.message, /connection sf, secret token: .*secret key differs/);
        return true;
      });
      assert.deepEqual(
        (await second.connections.list()).map((c) => c.secretKeys),
        [['token']],
      );
    } finally {
      await second.close();
    }
  });

  it('rejects a secret key of the wrong length', async () => {
    await assert.rejects(openSqliteStore({ path: ':memory:', secretKey: randomBytes(16) }), /32 bytes/);
  });

  it('sees writes of another process on the same file and detects version conflicts between them', async () => {
    const path = newPath();
    const a = await openSqliteStore({ path, secretKey });
    const b = await openSqliteStore({ path, secretKey });
    try {
      await a.flows.save(makeFlow('contacts'), { author: 'ada', expectedVersion: 0 });
      assert.equal((await b.flows.state('contacts'))?.currentVersion, 1);
      await b.flows.save(makeFlow('contacts', 'from b'), { author: 'bob', expectedVersion: 1 });
      await assert.rejects(
        a.flows.save(makeFlow('contacts', 'from a'), { author: 'ada', expectedVersion: 1 }),
        VersionConflictError,
      );
      assert.equal((await a.flows.get('contacts'))?.flow.name, 'from b');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('rolls back a save that fails half-way: no half-written flow', async () => {
    const path = newPath();
    const store = await openSqliteStore({ path, secretKey });
    const raw = new DatabaseSync(path);
    try {
      await store.flows.save(makeFlow('contacts'), { author: 'ada' });
      // Fails the version insert, after the state row was already updated in the same transaction.
      raw.exec(`CREATE TRIGGER fail_version BEFORE INSERT ON flow_versions WHEN NEW.author = 'boom'
                BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
      await assert.rejects(
        store.flows.save(makeFlow('contacts', 'half'), { author: 'boom' }),
        /injected failure/,
      );
      assert.deepEqual(
        [
          (await store.flows.state('contacts'))?.currentVersion,
          (await store.flows.state('contacts'))?.updatedBy,
        ],
        [1, 'ada'],
      );
      assert.equal((await store.flows.list())[0]?.name, 'Flow contacts');
      assert.equal((await store.flows.get('contacts'))?.version, 1);
      assert.equal(
        (await store.flows.save(makeFlow('contacts', 'ok'), { author: 'bob', expectedVersion: 1 })).version,
        2,
      );
    } finally {
      raw.close();
      await store.close();
    }
  });

  it('looks up more ids than SQLite accepts as bound parameters in one statement', async () => {
    const store = await openSqliteStore({ path: ':memory:', secretKey });
    try {
      const count = 40_000; // SQLite's default limit is 32,766 parameters per statement
      const entries = Array.from({ length: count }, (_, i) => ({
        flowId: 'contacts',
        target: 'salesforce/Contact',
        sourceId: `s${i}`,
        targetId: `t${i}`,
        hash: 'h',
        runId: 'r',
        syncedAt: '2025-01-01T00:00:00.000Z',
        action: 'created' as const,
      }));
      await store.ledger.upsertMany(entries);
      const ids = entries.map((e) => e.sourceId);
      assert.equal((await store.ledger.getMany('contacts', 'salesforce/Contact', ids)).size, count);
      const targets = await store.ledger.getByTargetIds(
        'contacts',
        'salesforce/Contact',
        entries.map((e) => e.targetId),
      );
      assert.equal(targets.get(`t${count - 1}`)?.sourceId, `s${count - 1}`);
    } finally {
      await store.close();
    }
  });
});
