// Builds the real app on a fresh embedded store for a test: one user per role, API tokens and
// browser sessions for each, and helpers to call the API as a given role.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { openSqliteStore, type Role, type Store } from '@flowsync/store';
import { buildApp } from '../../src/app.ts';
import { composeServices, type ComposedServices } from '../../src/compose-services.ts';
import { loadConfig, type ServerConfig } from '../../src/config.ts';
import { createApiToken, hashPassword } from '../../src/auth/index.ts';

export const ROLES: readonly Role[] = ['admin', 'integrator', 'analyst', 'viewer'];
export const PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: FastifyInstance;
  services: ComposedServices;
  store: Store;
  config: ServerConfig;
  dataDir: string;
  users: Record<Role, { id: string; email: string }>;
  /** `Authorization` header value of an API token of a user with this role. */
  token(role: Role): string;
  /** Calls the API with that role's API token. */
  as(role: Role, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  runWatchdogMs?: number;
  /** Reuse a data directory (a restart); the caller removes it. Pass the same `secretKey` too. */
  dataDir?: string;
  secretKey?: Buffer;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'flowsync-server-'));
  const config = loadConfig(
    { FLOWSYNC_DATA_DIR: dataDir, FLOWSYNC_SANDBOX: 'false', ...options.env },
    { cwd: dataDir },
  );
  const secretKey = options.secretKey ?? randomBytes(32);
  const store = await openSqliteStore({ path: join(dataDir, 'flowsync.db'), secretKey });
  const services = await composeServices({
    config: { ...config, secretKey: secretKey.toString('base64') },
    store,
    secretKey,
    ...(options.runWatchdogMs !== undefined ? { runWatchdogMs: options.runWatchdogMs } : {}),
  });
  const app = await buildApp(services);
  await app.ready();
  const users = {} as TestApp['users'];
  const tokens = {} as Record<Role, string>;
  const passwordHash = await hashPassword(PASSWORD);
  for (const role of ROLES) {
    const user =
      (await store.users.getByEmail(`${role}@test.flowsync`)) ??
      (await store.users.create({
        email: `${role}@test.flowsync`,
        name: `${role} user`,
        role,
        passwordHash,
        disabled: false,
      }));
    users[role] = { id: user.id, email: user.email };
    tokens[role] = `Bearer ${(await createApiToken(store, user.id, `${role} test token`)).token}`;
  }
  return {
    app,
    services,
    store,
    config,
    dataDir,
    users,
    token: (role) => tokens[role],
    as: (role, request) =>
      app.inject({ ...request, headers: { ...(request.headers ?? {}), authorization: tokens[role] } }),
    async close() {
      await app.close();
      await services.close();
      await store.close();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
