import { MongoClient } from 'mongodb';
import type { Store } from '../store.port.ts';
import { SECRET_KEY_BYTES } from '../secret-box.ts';
import { createMongoApiTokenRepository } from './api-tokens.mongo.ts';
import { createMongoAuditRepository } from './audit.mongo.ts';
import { createMongoConnectionRepository } from './connections.mongo.ts';
import { createMongoRecordErrorRepository } from './errors.mongo.ts';
import { createMongoFlowRepository } from './flows.mongo.ts';
import { createMongoLedgerRepository } from './ledger.mongo.ts';
import { ensureIndexes, mongoCollections } from './mongo-collections.ts';
import { createMongoRunRepository } from './runs.mongo.ts';
import { createMongoSessionRepository } from './sessions.mongo.ts';
import { createMongoUserRepository } from './users.mongo.ts';
import { createMongoWatermarkRepository } from './watermarks.mongo.ts';
import { createMongoWebhookInboxRepository } from './webhook-inbox.mongo.ts';

export interface MongoStoreOptions {
  /** `mongodb://` or `mongodb+srv://` connection string. */
  url: string;
  /** Database name; defaults to the one in the URL, else `flowsync`. */
  dbName?: string;
  /** 32-byte key that encrypts connection secrets (see resolveSecretKey). */
  secretKey: Buffer;
}

const DEFAULT_DB_NAME = 'flowsync';

/** The database named in the connection string's path, if any (`mongodb://host/name?opts`). */
function dbNameFromUrl(url: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]+)/.exec(url);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

/**
 * Connects to MongoDB and makes sure every index exists: the store for production and for more than
 * one server process. Needs no replica set (no multi-document transactions are used).
 *
 * @example
 * const store = await openMongoStore({ url: 'mongodb://localhost:27017', dbName: 'flowsync', secretKey });
 * const runs = await store.runs.list({ flowId: 'netsuite-contacts-to-salesforce', limit: 20 });
 * await store.close();
 */
export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  if (options.secretKey.length !== SECRET_KEY_BYTES) {
    throw new RangeError(`secretKey must be ${SECRET_KEY_BYTES} bytes, got ${options.secretKey.length}`);
  }
  // ignoreUndefined: optional members left undefined are omitted, as JSON (and so SQLite) omits them,
  // instead of being stored as null.
  const client = new MongoClient(options.url, { ignoreUndefined: true });
  await client.connect();
  try {
    const db = client.db(options.dbName ?? dbNameFromUrl(options.url) ?? DEFAULT_DB_NAME);
    const c = mongoCollections(db);
    await ensureIndexes(c);
    return {
      flows: createMongoFlowRepository(c),
      connections: createMongoConnectionRepository(c, options.secretKey),
      runs: createMongoRunRepository(c),
      errors: createMongoRecordErrorRepository(c),
      ledger: createMongoLedgerRepository(c),
      watermarks: createMongoWatermarkRepository(c),
      users: createMongoUserRepository(c),
      audit: createMongoAuditRepository(c),
      sessions: createMongoSessionRepository(c),
      apiTokens: createMongoApiTokenRepository(c),
      webhookInbox: createMongoWebhookInboxRepository(c),
      async close() {
        await client.close();
      },
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}
