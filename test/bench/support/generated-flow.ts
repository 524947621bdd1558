// In-process stand-ins for the engine-only benchmarks (scaling and engine overhead): a system that
// generates contacts on the fly and answers lookups and upserts instantly, a Map-backed store, and a
// five-node flow (trigger → qualify → lookup → map → upsert) with the expressions of the saved contacts
// flow. Nothing here keeps anything per record, so memory measures the engine.
import type { LedgerEntry, RunEvent } from '@flowsync/contracts';
import {
  ConnectorError,
  InMemoryConnectorRegistry,
  type Connector,
  type LookupRequest,
  type ReadPage,
  type ReadRequest,
  type SourceRecord,
  type UpsertBatchRequest,
  type UpsertResult,
} from '@flowsync/connector-sdk';
import {
  compileFlow,
  runFlow,
  silentLogger,
  systemClock,
  type CompiledFlow,
  type EngineStore,
  type RunResult,
} from '@flowsync/engine';

/** A generated NetSuite-like contact: every 12th has no company, every 7th no email. */
export function generatedContact(i: number): SourceRecord {
  return {
    id: String(5000 + i),
    firstName: `First${i}`,
    lastName: `Last${i}`,
    email: i % 7 === 3 ? null : `person${i}@example.com`,
    phone: `+1 555 ${String(i % 10_000).padStart(4, '0')}`,
    title: i % 8 === 0 ? null : 'Buyer',
    company: i % 12 === 5 ? null : { id: String(1000 + (i % 2000)) },
    lastModifiedDate: '2026-01-01T00:00:00Z',
    custentity_sf_contact_id: null,
  };
}

/** Generates `total` contacts in pages; finds every other contact in "Salesforce"; writes instantly. */
export class GeneratingSystem implements Connector {
  readonly kind = 'generator';
  readonly maxBatchSize = 200;
  written = 0;
  private readonly total: number;

  constructor(total: number) {
    this.total = total;
  }

  async testConnection() {
    return { ok: true as const, detail: '' };
  }
  async listObjects() {
    return [];
  }
  async describeObject(object: string) {
    return { name: object, label: object, idField: 'id', fields: [] };
  }
  async *read(request: ReadRequest): AsyncIterable<ReadPage> {
    for (let start = 0; start < this.total; start += request.pageSize) {
      const records: SourceRecord[] = [];
      for (let i = start; i < Math.min(this.total, start + request.pageSize); i++)
        records.push(generatedContact(i));
      yield { records };
    }
  }
  async lookup(request: LookupRequest): Promise<Map<string, SourceRecord[]>> {
    const found = new Map<string, SourceRecord[]>();
    for (const value of request.values) {
      const n = Number(value);
      found.set(
        value,
        n % 2 === 0 ? [{ Id: `003${value}`, Email: null, Ext_Id__c: value, AccountId: '001A' }] : [],
      );
    }
    return found;
  }
  async upsertBatch(request: UpsertBatchRequest): Promise<UpsertResult[]> {
    this.written += request.items.length;
    return request.items.map((item) => ({
      ref: item.ref,
      ok: true,
      id: item.id ?? `003N${item.ref}`,
      created: item.id === undefined,
    }));
  }
  async update(): Promise<void> {
    throw new ConnectorError('INTERNAL', 'not used');
  }
}

/** A ledger in Maps, errors and watermarks nowhere: the cheapest store the engine can have. */
export function memoryStore(): EngineStore {
  const ledgers = new Map<string, Map<string, LedgerEntry>>();
  const ledgerOf = (flowId: string, target: string) => {
    const key = `${flowId}|${target}`;
    let ledger = ledgers.get(key);
    if (!ledger) {
      ledger = new Map();
      ledgers.set(key, ledger);
    }
    return ledger;
  };
  return {
    ledger: {
      getMany: async (flowId, target, sourceIds) => {
        const found = new Map<string, LedgerEntry>();
        const ledger = ledgerOf(flowId, target ?? '');
        for (const id of sourceIds) {
          const entry = ledger.get(id);
          if (entry) found.set(id, entry);
        }
        return found;
      },
      upsertMany: async (entries) => {
        for (const entry of entries) ledgerOf(entry.flowId, entry.target).set(entry.sourceId, entry);
      },
    },
    errors: { insertMany: async () => {}, resolve: async () => 0, resolveForRecords: async () => 0 },
    watermarks: { get: async () => null, set: async () => {} },
  };
}

/** The qualification and field mappings both benchmarks use (the saved contacts flow's, without the ledger lookup). */
export const QUALIFICATION = "$exists(company.id) and company.id != '' and email != null";
export const FIELD_MAPPINGS: readonly { target: string; expression: string }[] = [
  { target: 'FirstName', expression: 'firstName' },
  { target: 'LastName', expression: 'lastName' },
  { target: 'Email', expression: 'email' },
  { target: 'Phone', expression: 'phone' },
  { target: 'Title', expression: 'title' },
  { target: 'AccountId', expression: '$sfContact.AccountId' },
  { target: 'Ext_Id__c', expression: '$string(id)' },
];

/** The five-node flow over the `gen` connection. */
export function generatedFlow(options: { pageSize: number; concurrency: number }): CompiledFlow {
  const at = { x: 0, y: 0 };
  return compileFlow({
    schemaVersion: 1,
    id: 'bench-contacts',
    name: 'Benchmark contacts',
    nodes: [
      {
        id: 'trigger',
        type: 'trigger',
        position: at,
        config: { connection: 'gen', object: 'contact', idField: 'id', pageSize: options.pageSize },
      },
      { id: 'qualify', type: 'qualify', position: at, config: { expression: QUALIFICATION } },
      {
        id: 'existing',
        type: 'lookup',
        position: at,
        config: {
          as: 'sfContact',
          source: {
            kind: 'connector',
            connection: 'gen',
            object: 'Contact',
            strategies: [{ field: 'Ext_Id__c', value: '$string(id)' }],
            fields: ['Id', 'Email', 'Ext_Id__c', 'AccountId'],
          },
          onMultiple: 'first',
        },
      },
      {
        id: 'map',
        type: 'map',
        position: at,
        config: { fields: FIELD_MAPPINGS.map((f) => ({ ...f, kind: 'expression' })) },
      },
      {
        id: 'upsert',
        type: 'upsert',
        position: at,
        config: {
          connection: 'gen',
          object: 'Contact',
          operation: 'upsert',
          match: { kind: 'targetId', expression: '$sfContact.Id' },
          batchSize: 200,
          skipUnchanged: true,
        },
      },
    ],
    edges: [
      { id: 'e1', source: 'trigger', sourceHandle: 'out', target: 'qualify' },
      { id: 'e2', source: 'qualify', sourceHandle: 'pass', target: 'existing' },
      { id: 'e3', source: 'existing', sourceHandle: 'found', target: 'map' },
      { id: 'e4', source: 'existing', sourceHandle: 'notFound', target: 'map' },
      { id: 'e5', source: 'map', sourceHandle: 'out', target: 'upsert' },
    ],
    settings: {
      retry: { attempts: 3, backoff: 'exponential', baseDelayMs: 10, maxDelayMs: 100 },
      batchSize: options.pageSize,
      concurrency: options.concurrency,
      errorPolicy: { mode: 'continue' },
      overlap: 'skip',
    },
  });
}

/** Records of `total` that the flow writes (the rest fail the qualification). */
export function expectedWrites(total: number): number {
  let count = 0;
  for (let i = 0; i < total; i++) if (i % 12 !== 5 && i % 7 !== 3) count += 1;
  return count;
}

/** Runs the generated flow over `total` records against `store`, and checks the counts. */
export async function runGeneratedFlow(
  total: number,
  store: EngineStore,
  options: {
    pageSize?: number;
    concurrency?: number;
    onRead?: (read: number) => void;
    /** Every event the engine emits (a run worker posts each to its parent thread). */
    onEvent?: (event: RunEvent) => void;
  } = {},
): Promise<RunResult> {
  const system = new GeneratingSystem(total);
  const registry = new InMemoryConnectorRegistry();
  registry.set('gen', system);
  const flow = generatedFlow({ pageSize: options.pageSize ?? 200, concurrency: options.concurrency ?? 2 });
  let n = 0;
  const result = await runFlow(
    flow,
    { runId: 'bench', flowVersion: 1, trigger: { kind: 'manual' }, input: { kind: 'read' } },
    {
      connectors: registry,
      store,
      events: {
        emit: (event) => {
          options.onEvent?.(event);
          if (event.type === 'run.counters') options.onRead?.(event.totals.read);
        },
      },
      clock: systemClock,
      logger: silentLogger,
      newId: () => `e${++n}`,
    },
  );
  const expected = expectedWrites(total);
  if (result.status !== 'succeeded' || result.totals.read !== total || system.written !== expected) {
    throw new Error(
      `the generated flow went wrong: ${result.status} ${result.message ?? ''} read ${result.totals.read}/${total}, written ${system.written}/${expected}`,
    );
  }
  return result;
}
