// Benchmark 5, persistence: ledger and error writes per second through the store port, in batches of
// 200 (a page's worth, as the engine writes them), on the embedded store and — when
// FLOWSYNC_MONGODB_URL is set — on MongoDB.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import type { LedgerEntry, RecordError } from '@flowsync/contracts';
import { openMongoStore, openSqliteStore, type Store } from '@flowsync/store';
import { runInChild, type ChildContext } from './support/child-process.ts';

const BATCH = 200;

export interface StoreWriteRates {
  store: 'sqlite' | 'mongodb';
  /** New ledger entries per second (insert + history row). */
  ledgerInsertsPerSecond: number;
  /** Ledger entries written again (same keys, new hash) per second. */
  ledgerUpdatesPerSecond: number;
  errorsPerSecond: number;
  ledgerEntries: number;
  errors: number;
}

export interface PersistenceResult {
  sqlite: StoreWriteRates;
  /** Undefined when FLOWSYNC_MONGODB_URL is not set. */
  mongodb?: StoreWriteRates;
}

interface PersistenceInput {
  store: 'sqlite' | 'mongodb';
  mongodbUrl?: string;
  ledgerEntries: number;
  errors: number;
}

function ledgerBatch(
  runId: string,
  start: number,
  hash: string,
): (LedgerEntry & { action: 'created' | 'updated' })[] {
  const syncedAt = new Date().toISOString();
  return Array.from({ length: BATCH }, (_, i) => ({
    flowId: 'netsuite-contacts-to-salesforce',
    target: 'salesforce/Contact',
    sourceId: String(5000 + start + i),
    targetId: `003${String(start + i).padStart(15, '0')}`,
    hash,
    runId,
    syncedAt,
    action: hash === 'first' ? 'created' : 'updated',
  }));
}

function errorBatch(runId: string, start: number): RecordError[] {
  const now = new Date().toISOString();
  return Array.from({ length: BATCH }, (_, i) => ({
    id: randomUUID(),
    flowId: 'netsuite-contacts-to-salesforce',
    flowVersion: 1,
    runId,
    nodeId: 'upsert-contact',
    sourceId: String(5000 + start + i),
    code: 'TARGET_VALIDATION',
    message: 'Salesforce: REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]',
    retryable: false,
    attempt: 1,
    payload: {
      sourceId: String(5000 + start + i),
      data: {
        id: String(5000 + start + i),
        firstName: 'Ada',
        lastName: null,
        email: `ada${start + i}@example.com`,
        phone: '+1 555 0100',
        company: { id: '1001' },
        lastModifiedDate: now,
      },
      lookups: {
        account: { sourceId: '1001', targetId: '001000000000001AAA', target: 'salesforce/Account' },
      },
      mapped: {
        FirstName: 'Ada',
        LastName: null,
        Email: `ada${start + i}@example.com`,
        AccountId: '001000000000001AAA',
      },
    },
    status: 'open',
    createdAt: now,
    updatedAt: now,
  }));
}

async function perSecond(total: number, write: (start: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  for (let start = 0; start < total; start += BATCH) await write(start);
  return total / ((performance.now() - started) / 1000);
}

async function measureStore(
  store: Store,
  input: PersistenceInput,
  context: ChildContext,
): Promise<StoreWriteRates> {
  const ledgerEntries = Math.ceil(input.ledgerEntries / BATCH) * BATCH;
  const errors = Math.ceil(input.errors / BATCH) * BATCH;
  const runId = randomUUID();
  context.progress(`persistence (${input.store}): ${ledgerEntries.toLocaleString('en')} ledger entries`);
  const ledgerInsertsPerSecond = await perSecond(ledgerEntries, (start) =>
    store.ledger.upsertMany(ledgerBatch(runId, start, 'first')),
  );
  const ledgerUpdatesPerSecond = await perSecond(ledgerEntries, (start) =>
    store.ledger.upsertMany(ledgerBatch(runId, start, 'second')),
  );
  context.progress(`persistence (${input.store}): ${errors.toLocaleString('en')} record errors`);
  const errorsPerSecond = await perSecond(errors, (start) =>
    store.errors.insertMany(errorBatch(runId, start)),
  );
  return {
    store: input.store,
    ledgerInsertsPerSecond,
    ledgerUpdatesPerSecond,
    errorsPerSecond,
    ledgerEntries,
    errors,
  };
}

/** Child function: one store, fresh (a temp SQLite file, or a MongoDB database dropped afterwards). */
export async function runPersistence(
  input: PersistenceInput,
  context: ChildContext,
): Promise<StoreWriteRates> {
  const secretKey = randomBytes(32);
  if (input.store === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'flowsync-bench-store-'));
    const store = await openSqliteStore({ path: join(dir, 'flowsync.db'), secretKey });
    try {
      return await measureStore(store, input, context);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const url = input.mongodbUrl;
  if (url === undefined) throw new Error('the MongoDB measurement needs a URL');
  const dbName = `flowsync_bench_${Date.now()}`;
  const store = await openMongoStore({ url, dbName, secretKey });
  try {
    return await measureStore(store, input, context);
  } finally {
    await store.close();
    const client = new MongoClient(url);
    try {
      await client.db(dbName).dropDatabase();
    } finally {
      await client.close();
    }
  }
}

/**
 * @example
 * ```ts
 * const { sqlite, mongodb } = await measurePersistence({ ledgerEntries: 100_000, errors: 20_000 });
 * ```
 */
export async function measurePersistence(options: {
  ledgerEntries: number;
  errors: number;
  mongodbUrl?: string;
  onProgress?: (message: string) => void;
}): Promise<PersistenceResult> {
  const run = (store: 'sqlite' | 'mongodb') =>
    runInChild<PersistenceInput, StoreWriteRates>(
      new URL('./persistence.bench.ts', import.meta.url),
      'runPersistence',
      {
        store,
        ledgerEntries: options.ledgerEntries,
        errors: options.errors,
        ...(options.mongodbUrl === undefined ? {} : { mongodbUrl: options.mongodbUrl }),
      },
      { label: `persistence ${store}`, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
    );
  const sqlite = (await run('sqlite')).value;
  if (options.mongodbUrl === undefined) return { sqlite };
  return { sqlite, mongodb: (await run('mongodb')).value };
}
