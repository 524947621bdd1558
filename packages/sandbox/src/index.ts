import { generateSeed, type SeedData, type SeedOptions } from './shared/seed-data.ts';
import {
  createNetSuiteEmulator,
  type NetSuiteEmulatorOptions,
  type NetSuiteState,
} from './netsuite/index.ts';
import {
  createSalesforceEmulator,
  type EmulatorInstance,
  type SalesforceEmulatorOptions,
  type SalesforceState,
} from './salesforce/index.ts';

export { generateSeed, seededRandom, type SeedData, type SeedOptions } from './shared/seed-data.ts';
export { SIGNATURE_HEADER, EVENT_ID_HEADER, type WebhookSubscription } from './shared/webhooks.ts';
export type { FaultRequest, FaultState } from './shared/faults.ts';
export { createSalesforceEmulator, type SalesforceEmulatorOptions, type SalesforceState };
export { createNetSuiteEmulator, type NetSuiteEmulatorOptions, type NetSuiteState };
export type { EmulatorInstance };

export interface SandboxOptions {
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port. */
  salesforcePort?: number;
  netsuitePort?: number;
  /** Seed size and randomness (deterministic for the same options). */
  seed?: SeedOptions;
  /** Value of the `x-sandbox-admin` header of both admin APIs. Default `sandbox-admin`. */
  adminToken?: string;
  salesforce?: Omit<SalesforceEmulatorOptions, 'seed' | 'adminToken'>;
  netsuite?: Omit<NetSuiteEmulatorOptions, 'seed' | 'adminToken'>;
}

export interface RunningSystem<State> {
  /** Base URL the system listens on. */
  url: string;
  instance: EmulatorInstance<State>;
  /** Connection settings (kind, config, secrets) that reach this system. */
  connection(): { kind: string; config: Record<string, unknown>; secrets: Record<string, string> };
}

export interface Sandbox {
  salesforce: RunningSystem<SalesforceState>;
  netsuite: RunningSystem<NetSuiteState>;
  seed: SeedData;
  adminToken: string;
  close(): Promise<void>;
}

/**
 * Starts both emulated systems, each on its own port, with the same deterministic seed.
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox({ seed: { companies: 20, contacts: 60 } });
 * console.log(sandbox.netsuite.url, sandbox.salesforce.url);
 * await sandbox.close();
 * ```
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const adminToken = options.adminToken ?? 'sandbox-admin';
  const seed = generateSeed(options.seed);
  const salesforce = await createSalesforceEmulator({ ...options.salesforce, seed, adminToken });
  const netsuite = await createNetSuiteEmulator({ ...options.netsuite, seed, adminToken });
  const started: EmulatorInstance<unknown>[] = [];
  try {
    const salesforceUrl = await salesforce.app.listen({ host, port: options.salesforcePort ?? 0 });
    started.push(salesforce);
    const netsuiteUrl = await netsuite.app.listen({ host, port: options.netsuitePort ?? 0 });
    started.push(netsuite);
    return {
      seed,
      adminToken,
      salesforce: {
        url: salesforceUrl,
        instance: salesforce,
        connection: () => salesforce.connection(salesforceUrl),
      },
      netsuite: { url: netsuiteUrl, instance: netsuite, connection: () => netsuite.connection(netsuiteUrl) },
      async close() {
        await Promise.all([salesforce.webhooks.settle(), netsuite.webhooks.settle()]);
        await Promise.all([salesforce.app.close(), netsuite.app.close()]);
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.app.close()));
    throw error;
  }
}

/**
 * Calls a running sandbox system's admin API (`/__admin…`) and returns the parsed JSON answer;
 * throws with the status and body when it refuses.
 *
 * @example
 * ```ts
 * await sandboxAdmin(sandbox, 'netsuite', 'PATCH', '/records/contact/5000', { lastName: 'Edited' });
 * ```
 */
export async function sandboxAdmin<T = unknown>(
  sandbox: Pick<Sandbox, 'salesforce' | 'netsuite' | 'adminToken'>,
  system: 'salesforce' | 'netsuite',
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${sandbox[system].url}/__admin${path}`, {
    method,
    headers: {
      'x-sandbox-admin': sandbox.adminToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
