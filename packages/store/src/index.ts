import { openMongoStore } from './mongodb/mongo-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.port.ts';

export * from './store.port.ts';
export {
  decryptSecret,
  encryptSecret,
  resolveSecretKey,
  SECRET_KEY_BYTES,
  SecretDecryptionError,
} from './secret-box.ts';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.ts';
export { SQLITE_MIGRATIONS, type SqliteMigration } from './sqlite/sqlite-migrations.ts';
export { openMongoStore, type MongoStoreOptions } from './mongodb/mongo-store.ts';
export { DEFAULT_LIST_LIMIT } from './store-support.ts';

/** Which store to open; chosen by the server's configuration. */
export type StoreConfig =
  { kind: 'sqlite'; path: string } | { kind: 'mongodb'; url: string; dbName?: string };

/**
 * Opens the configured store.
 *
 * @example
 * const secretKey = await resolveSecretKey({ keyFile: 'data/secret.key' });
 * const store = await openStore({ kind: 'sqlite', path: 'data/flowsync.db' }, secretKey);
 */
export async function openStore(config: StoreConfig, secretKey: Buffer): Promise<Store> {
  switch (config.kind) {
    case 'sqlite':
      return openSqliteStore({ path: config.path, secretKey });
    case 'mongodb':
      return openMongoStore({ url: config.url, dbName: config.dbName, secretKey });
    default:
      return assertNever(config);
  }
}

function assertNever(value: never): never {
  throw new Error(`unknown store kind: ${JSON.stringify(value)}`);
}
