import { join, resolve } from 'node:path';

/** Everything the server can be told; read once, from the environment, here and nowhere else. */
export interface ServerConfig {
  host: string;
  port: number;
  /** Where the embedded store, the key file and other state live. */
  dataDir: string;
  store: { kind: 'sqlite'; path: string } | { kind: 'mongodb'; url: string; dbName?: string };
  /** Base64 of 32 bytes; when absent, a key file in the data directory is used (created once). */
  secretKey?: string;
  secretKeyFile: string;
  /** First admin account, created when the store has no user. */
  adminEmail: string;
  adminPassword?: string;
  /** Start the sandbox systems alongside and point the example flows' connections at them. */
  sandbox: {
    enabled: boolean;
    salesforcePort: number;
    netsuitePort: number;
    companies: number;
    contacts: number;
  };
  /** Import flows/*.flow.json into an empty store at start. */
  flowsDir?: string;
  /** Runs executing at once, each in its own worker thread. */
  maxConcurrentRuns: number;
  /** Heap limit of one run worker. */
  workerMaxOldGenerationMb: number;
  /** Young-generation limit of one run worker: keeps a long run's memory flat (runWorkerResourceLimits). */
  workerMaxYoungGenerationMb: number;
  /** Cookies get `Secure` when the server is reached over https. */
  secureCookies: boolean;
  sessionTtlHours: number;
  /** Built web app to serve at `/`, when present. */
  webDir?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new ConfigError(`${name} must be a whole number ≥ ${min}, not "${raw}"`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, not "${env[name]}"`);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads the configuration from environment variables (see the README for the list).
 *
 * @example
 * ```ts
 * const config = loadConfig(process.env, { cwd: process.cwd() });
 * ```
 */
export function loadConfig(env: NodeJS.ProcessEnv, options: { cwd: string }): ServerConfig {
  const dataDir = resolve(options.cwd, env.FLOWSYNC_DATA_DIR ?? '.data');
  const mongoUrl = env.FLOWSYNC_MONGODB_URL;
  const storeKind = env.FLOWSYNC_STORE ?? (mongoUrl ? 'mongodb' : 'sqlite');
  let store: ServerConfig['store'];
  if (storeKind === 'sqlite') store = { kind: 'sqlite', path: join(dataDir, 'flowsync.db') };
  else if (storeKind === 'mongodb') {
    if (!mongoUrl) throw new ConfigError('FLOWSYNC_STORE=mongodb needs FLOWSYNC_MONGODB_URL');
    store = {
      kind: 'mongodb',
      url: mongoUrl,
      ...(env.FLOWSYNC_MONGODB_DB ? { dbName: env.FLOWSYNC_MONGODB_DB } : {}),
    };
  } else throw new ConfigError(`FLOWSYNC_STORE must be sqlite or mongodb, not "${storeKind}"`);
  const logLevel = (env.FLOWSYNC_LOG_LEVEL ?? 'info') as ServerConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError(`FLOWSYNC_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const config: ServerConfig = {
    host: env.FLOWSYNC_HOST ?? '127.0.0.1',
    port: integer(env, 'FLOWSYNC_PORT', 8080),
    dataDir,
    store,
    secretKeyFile: resolve(dataDir, env.FLOWSYNC_SECRET_KEY_FILE ?? 'secret.key'),
    adminEmail: env.FLOWSYNC_ADMIN_EMAIL ?? 'admin@flowsync.local',
    sandbox: {
      enabled: flag(env, 'FLOWSYNC_SANDBOX', true),
      salesforcePort: integer(env, 'FLOWSYNC_SANDBOX_SALESFORCE_PORT', 4010),
      netsuitePort: integer(env, 'FLOWSYNC_SANDBOX_NETSUITE_PORT', 4020),
      companies: integer(env, 'FLOWSYNC_SANDBOX_COMPANIES', 20),
      contacts: integer(env, 'FLOWSYNC_SANDBOX_CONTACTS', 60),
    },
    maxConcurrentRuns: integer(env, 'FLOWSYNC_MAX_CONCURRENT_RUNS', 4, 1),
    workerMaxOldGenerationMb: integer(env, 'FLOWSYNC_WORKER_MAX_HEAP_MB', 512, 64),
    workerMaxYoungGenerationMb: integer(env, 'FLOWSYNC_WORKER_YOUNG_GEN_MB', 16, 4),
    secureCookies: flag(env, 'FLOWSYNC_SECURE_COOKIES', false),
    sessionTtlHours: integer(env, 'FLOWSYNC_SESSION_TTL_HOURS', 12, 1),
    logLevel,
  };
  if (env.FLOWSYNC_SECRET_KEY) config.secretKey = env.FLOWSYNC_SECRET_KEY;
  if (env.FLOWSYNC_ADMIN_PASSWORD) config.adminPassword = env.FLOWSYNC_ADMIN_PASSWORD;
  if (env.FLOWSYNC_FLOWS_DIR) config.flowsDir = resolve(options.cwd, env.FLOWSYNC_FLOWS_DIR);
  config.webDir = resolve(options.cwd, env.FLOWSYNC_WEB_DIR ?? 'packages/web/dist');
  return config;
}
