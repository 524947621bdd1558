import { randomUUID } from 'node:crypto';
import type { ApiTokenRecord, Store } from '@flowsync/store';
import { randomSecret, sha256Hex } from './secrets.ts';

export const API_TOKEN_PREFIX = 'fs_';
const API_TOKEN_PATTERN = /^fs_[A-Za-z0-9_-]{43}$/;

/**
 * Creates an API token for a user and stores only its SHA-256. The token value is returned this once.
 *
 * @example
 * ```ts
 * const { token } = await createApiToken(store, user.id, 'nightly export');
 * await fetch(url, { headers: { authorization: `Bearer ${token}` } });
 * ```
 */
export async function createApiToken(
  store: Store,
  userId: string,
  name: string,
): Promise<{ token: string; id: string; record: ApiTokenRecord }> {
  const token = `${API_TOKEN_PREFIX}${randomSecret()}`;
  const record = await store.apiTokens.create({
    id: randomUUID(),
    userId,
    name,
    tokenHash: sha256Hex(token),
    createdAt: new Date().toISOString(),
  });
  return { token, id: record.id, record };
}

/** The stored token for a presented value, when it has our shape; revoked ones included. */
export async function findApiToken(store: Store, token: string): Promise<ApiTokenRecord | null> {
  if (!API_TOKEN_PATTERN.test(token)) return null;
  return store.apiTokens.getByHash(sha256Hex(token));
}
