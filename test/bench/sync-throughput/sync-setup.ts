// What both sides of the sync benchmark start from: a fresh embedded store and the 2,000 companies
// already synced to Salesforce accounts by the saved accounts flow (untimed set-up).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { RunEvent } from '@flowsync/contracts';
import { InMemoryConnectorRegistry, type Connector } from '@flowsync/connector-sdk';
import { netsuiteConnectorDefinition } from '@flowsync/connector-netsuite';
import { salesforceConnectorDefinition } from '@flowsync/connector-salesforce';
import {
  compileFlow,
  runFlow,
  silentLogger,
  systemClock,
  type CompiledFlow,
  type RunResult,
} from '@flowsync/engine';
import { openSqliteStore, type Store } from '@flowsync/store';
import type { SandboxInfo } from '../support/sandbox-service.ts';

export const ACCOUNTS_FLOW = 'netsuite-customers-to-salesforce-accounts';
export const CONTACTS_FLOW = 'netsuite-contacts-to-salesforce';
export const ACCOUNT_TARGET = 'salesforce/Account';

const flowsDir = join(import.meta.dirname, '..', '..', '..', 'flows');

export function readFlowDocument(id: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(flowsDir, `${id}.flow.json`), 'utf8')) as Record<string, unknown>;
}

export interface SyncSetup {
  store: Store;
  registry: InMemoryConnectorRegistry;
  flows: { accounts: CompiledFlow; contacts: CompiledFlow };
  run(flow: CompiledFlow, onEvent?: (event: RunEvent) => void): Promise<RunResult>;
  close(): Promise<void>;
}

/** Store, real connectors wired to the sandbox, both saved flows compiled; the accounts flow has run. */
export async function prepareSync(sandbox: SandboxInfo): Promise<SyncSetup> {
  const dir = mkdtempSync(join(tmpdir(), 'flowsync-bench-'));
  const store = await openSqliteStore({ path: join(dir, 'flowsync.db'), secretKey: randomBytes(32) });
  const connection = (system: 'salesforce' | 'netsuite') => sandbox[system].connection;
  const connectors: Record<string, Connector> = {
    salesforce: salesforceConnectorDefinition.create(
      connection('salesforce').config,
      connection('salesforce').secrets,
    ),
    netsuite: netsuiteConnectorDefinition.create(
      connection('netsuite').config,
      connection('netsuite').secrets,
    ),
  };
  const registry = new InMemoryConnectorRegistry(connectors);
  const flows = {
    accounts: compileFlow(readFlowDocument(ACCOUNTS_FLOW)),
    contacts: compileFlow(readFlowDocument(CONTACTS_FLOW)),
  };
  const run = (flow: CompiledFlow, onEvent?: (event: RunEvent) => void) =>
    runFlow(
      flow,
      { runId: randomUUID(), flowVersion: 1, trigger: { kind: 'manual' }, input: { kind: 'read' } },
      {
        connectors: registry,
        store,
        events: { emit: (event) => onEvent?.(event) },
        clock: systemClock,
        logger: silentLogger,
        newId: randomUUID,
      },
    );
  const accounts = await run(flows.accounts);
  if (accounts.status !== 'succeeded') {
    throw new Error(`set-up: the accounts flow ended ${accounts.status}: ${accounts.message ?? ''}`);
  }
  return {
    store,
    registry,
    flows,
    run,
    async close() {
      for (const connector of Object.values(connectors)) {
        await (connector as Connector & { close?: () => Promise<void> }).close?.();
      }
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
