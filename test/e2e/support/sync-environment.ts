// A complete sync environment over real HTTP: both sandbox systems on loopback ports, the real
// Salesforce and NetSuite connectors, the embedded SQLite store and the saved flows from flows/.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { RunEvent, RunTrigger } from '@flowsync/contracts';
import { InMemoryConnectorRegistry, type Connector } from '@flowsync/connector-sdk';
import { netsuiteConnectorDefinition } from '@flowsync/connector-netsuite';
import { salesforceConnectorDefinition } from '@flowsync/connector-salesforce';
import {
  compileFlow,
  runFlow,
  silentLogger,
  systemClock,
  type CompiledFlow,
  type RunInput,
  type RunResult,
} from '@flowsync/engine';
import { sandboxAdmin, startSandbox, type Sandbox, type SeedOptions } from '@flowsync/sandbox';
import { openSqliteStore, type Store } from '@flowsync/store';

export const ACCOUNTS_FLOW = 'netsuite-customers-to-salesforce-accounts';
export const CONTACTS_FLOW = 'netsuite-contacts-to-salesforce';

const flowsDir = join(import.meta.dirname, '..', '..', '..', 'flows');

export interface SyncEnvironment {
  sandbox: Sandbox;
  store: Store;
  connectors: { salesforce: Connector; netsuite: Connector };
  flows: Record<string, CompiledFlow>;
  events: RunEvent[];
  /** Compiles a saved flow with changed settings (e.g. small pages) for one test. */
  variant(flowId: string, patch: (doc: Record<string, unknown>) => void): CompiledFlow;
  run(
    flow: string | CompiledFlow,
    input?: RunInput,
    options?: { trigger?: RunTrigger; onEvent?: (event: RunEvent) => void },
  ): Promise<RunResult>;
  admin<T = unknown>(
    system: 'salesforce' | 'netsuite',
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T>;
  close(): Promise<void>;
}

/**
 * Starts the sandbox and wires the connectors exactly as a user's connections would be.
 *
 * @example
 * ```ts
 * const env = await startSyncEnvironment({ companies: 10, contacts: 40 });
 * await env.run('netsuite-customers-to-salesforce-accounts');
 * ```
 */
export async function startSyncEnvironment(seed: SeedOptions = {}): Promise<SyncEnvironment> {
  const sandbox = await startSandbox({ seed });
  const dir = mkdtempSync(join(tmpdir(), 'flowsync-e2e-'));
  const store = await openSqliteStore({ path: join(dir, 'flowsync.db'), secretKey: randomBytes(32) });
  const sf = sandbox.salesforce.connection();
  const ns = sandbox.netsuite.connection();
  const connectors = {
    salesforce: salesforceConnectorDefinition.create(sf.config, sf.secrets),
    netsuite: netsuiteConnectorDefinition.create(ns.config, ns.secrets),
  };
  const registry = new InMemoryConnectorRegistry(connectors);
  const flows: Record<string, CompiledFlow> = {};
  const readFlow = (id: string) =>
    JSON.parse(readFileSync(join(flowsDir, `${id}.flow.json`), 'utf8')) as Record<string, unknown>;
  for (const id of [ACCOUNTS_FLOW, CONTACTS_FLOW]) flows[id] = compileFlow(readFlow(id));
  const events: RunEvent[] = [];
  let listener: ((event: RunEvent) => void) | undefined;

  return {
    sandbox,
    store,
    connectors,
    flows,
    events,
    variant(flowId, patch) {
      const doc = readFlow(flowId);
      patch(doc);
      return compileFlow(doc);
    },
    async run(flow, input = { kind: 'read' }, options = {}) {
      const compiled = typeof flow === 'string' ? flows[flow] : flow;
      if (!compiled) throw new Error(`unknown flow ${String(flow)}`);
      listener = options.onEvent;
      try {
        return await runFlow(
          compiled,
          { runId: randomUUID(), flowVersion: 1, trigger: options.trigger ?? { kind: 'manual' }, input },
          {
            connectors: registry,
            store,
            events: {
              emit: (event) => {
                events.push(event);
                listener?.(event);
              },
            },
            clock: systemClock,
            logger: silentLogger,
            newId: randomUUID,
          },
        );
      } finally {
        listener = undefined;
      }
    },
    async admin<T>(
      system: 'salesforce' | 'netsuite',
      method: string,
      path: string,
      body?: unknown,
    ): Promise<T> {
      return sandboxAdmin<T>(sandbox, system, method, path, body);
    },
    async close() {
      await store.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
