// The real app, the sandbox systems and the saved flows, wired for the run, listener and websocket
// tests: connections point at the sandbox, flows go straight into the store.
import { readFileSync } from 'node:fs';
import type { Flow, RunRecord } from '@flowsync/contracts';
import { sandboxAdmin, startSandbox, type Sandbox, type SeedOptions } from '@flowsync/sandbox';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app.ts';

export const ACCOUNTS_FLOW = 'netsuite-customers-to-salesforce-accounts';
export const CONTACTS_FLOW = 'netsuite-contacts-to-salesforce';

const FLOWS_DIR = new URL('../../../../flows/', import.meta.url);
const FINAL = new Set(['succeeded', 'completedWithErrors', 'failed', 'cancelled']);

/** A fresh copy of `flows/<id>.flow.json`. */
export function flowFile(id: string): Flow {
  const flow = JSON.parse(readFileSync(new URL(`${id}.flow.json`, FLOWS_DIR), 'utf8')) as Flow;
  delete flow.$schema;
  return flow;
}

/** A copy of a saved flow under another id, changed by `patch`. */
export function variant(id: string, newId: string, patch: (flow: Flow) => void = () => {}): Flow {
  const flow = flowFile(id);
  flow.id = newId;
  flow.name = `${flow.name} (${newId})`;
  patch(flow);
  return flow;
}

/** The node with this id, typed loosely for patching. */
export function node(flow: Flow, id: string): { config: Record<string, unknown> } {
  const found = flow.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id} in ${flow.id}`);
  return found as unknown as { config: Record<string, unknown> };
}

export interface RunEnvironment {
  t: TestApp;
  sandbox: Sandbox;
  saveFlow(flow: Flow, options?: { enabled?: boolean }): Promise<void>;
  /** Polls the store until the run has a final status. */
  waitForRun(runId: string, timeoutMs?: number): Promise<RunRecord>;
  /** Polls until `check` returns a value (not undefined). */
  waitFor<T>(
    check: () => Promise<T | undefined> | T | undefined,
    what: string,
    timeoutMs?: number,
  ): Promise<T>;
  admin<T = unknown>(
    system: 'salesforce' | 'netsuite',
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T>;
  close(): Promise<void>;
}

export interface RunEnvironmentOptions extends TestAppOptions {
  seed?: SeedOptions;
  /** Reuse running sandbox systems (a restart test); they are then not closed by `close()`. */
  sandbox?: Sandbox;
}

/**
 * @example
 * ```ts
 * const env = await startRunEnvironment({ seed: { companies: 8, contacts: 16 } });
 * await env.saveFlow(flowFile(ACCOUNTS_FLOW));
 * ```
 */
export async function startRunEnvironment(options: RunEnvironmentOptions = {}): Promise<RunEnvironment> {
  const sandbox =
    options.sandbox ?? (await startSandbox({ seed: options.seed ?? { companies: 8, contacts: 16 } }));
  const t = await createTestApp(options);
  await t.store.connections.put({ name: 'netsuite', ...sandbox.netsuite.connection() }, 'setup');
  await t.store.connections.put({ name: 'salesforce', ...sandbox.salesforce.connection() }, 'setup');

  const waitFor = async <T>(
    check: () => Promise<T | undefined> | T | undefined,
    what: string,
    timeoutMs = 20_000,
  ): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  return {
    t,
    sandbox,
    async saveFlow(flow, { enabled = false } = {}) {
      await t.store.flows.save(flow, { author: 'setup' });
      if (enabled) await t.store.flows.setEnabled(flow.id, true, 'setup');
      await t.services.onFlowChanged(flow.id);
    },
    waitFor,
    waitForRun: (runId, timeoutMs) =>
      waitFor(
        async () => {
          const run = await t.store.runs.get(runId);
          return run && FINAL.has(run.status) ? run : undefined;
        },
        `run ${runId} to finish`,
        timeoutMs,
      ),
    async admin<T>(
      system: 'salesforce' | 'netsuite',
      method: string,
      path: string,
      body?: unknown,
    ): Promise<T> {
      return sandboxAdmin<T>(sandbox, system, method, path, body);
    },
    async close() {
      await t.close();
      if (!options.sandbox) await sandbox.close();
    },
  };
}
