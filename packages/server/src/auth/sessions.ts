import type { SessionRecord, Store } from '@flowsync/store';
import { randomSecret, sha256Hex } from './secrets.ts';

export const SESSION_COOKIE = 'flowsync_session';
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Starts a session; the returned id goes into the cookie, the store keeps its hash. */
export async function createSession(
  store: Store,
  userId: string,
  ttlHours: number,
  now = new Date(),
): Promise<{ sessionId: string; session: SessionRecord }> {
  const sessionId = randomSecret();
  const at = now.toISOString();
  const session: SessionRecord = {
    idHash: sha256Hex(sessionId),
    userId,
    csrfToken: randomSecret(),
    createdAt: at,
    expiresAt: new Date(now.getTime() + ttlHours * 3_600_000).toISOString(),
    lastSeenAt: at,
  };
  await store.sessions.create(session);
  return { sessionId, session };
}

/** The live session for a cookie value; an expired one is removed and not returned. */
export async function findSession(
  store: Store,
  sessionId: string,
  now = new Date(),
): Promise<SessionRecord | null> {
  if (!SESSION_ID_PATTERN.test(sessionId)) return null;
  const session = await store.sessions.get(sha256Hex(sessionId));
  if (session === null) return null;
  if (session.expiresAt <= now.toISOString()) {
    await store.sessions.delete(session.idHash);
    return null;
  }
  return session;
}
