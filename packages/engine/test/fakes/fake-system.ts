// An in-process business system implementing the Connector contract, for engine unit tests.
import {
  ConnectorError,
  type Connector,
  type LookupRequest,
  type ObjectDescription,
  type ReadPage,
  type ReadRequest,
  type SourceRecord,
  type UpdateRequest,
  type UpsertBatchRequest,
  type UpsertResult,
} from '@flowsync/connector-sdk';

type Method = 'read' | 'lookup' | 'upsertBatch' | 'update';

interface Fault {
  method: Method;
  remaining: number;
  error: () => ConnectorError;
}

export interface ValidationRule {
  object: string;
  check(fields: Record<string, unknown>): string | undefined;
}

/** Field that the fake keeps on every record it writes, like SystemModstamp. */
export const MODIFIED = 'modifiedAt';

export class FakeSystem implements Connector {
  readonly kind = 'fake';
  readonly maxBatchSize: number;
  readonly objects = new Map<string, Map<string, SourceRecord>>();
  readonly calls: { method: Method; object: string; size: number }[] = [];
  readonly readRequests: ReadRequest[] = [];
  readonly rules: ValidationRule[] = [];
  private faults: Fault[] = [];
  private nextId = 1;
  /** Called inside upsertBatch after the writes were applied and before answering (crash simulation). */
  afterWrite: ((request: UpsertBatchRequest) => Promise<void>) | undefined;
  /** Records written per object, counted per call (creates + updates). */
  writes = 0;
  private clockMs = Date.parse('2026-01-01T00:00:00Z');

  constructor(options: { maxBatchSize?: number } = {}) {
    this.maxBatchSize = options.maxBatchSize ?? 200;
  }

  table(object: string): Map<string, SourceRecord> {
    let table = this.objects.get(object);
    if (!table) {
      table = new Map();
      this.objects.set(object, table);
    }
    return table;
  }

  /** Inserts or replaces seed records, stamping the modification time. */
  seed(object: string, records: SourceRecord[], idField = 'id'): void {
    for (const record of records) {
      const id = String(record[idField]);
      this.table(object).set(id, { ...record, [MODIFIED]: record[MODIFIED] ?? this.tick() });
    }
  }

  tick(): string {
    this.clockMs += 1000;
    return new Date(this.clockMs).toISOString();
  }

  failNext(method: Method, times: number, error: () => ConnectorError): void {
    this.faults.push({ method, remaining: times, error });
  }

  private maybeFail(method: Method): void {
    const fault = this.faults.find((f) => f.method === method && f.remaining > 0);
    if (!fault) return;
    fault.remaining -= 1;
    throw fault.error();
  }

  async testConnection() {
    return { ok: true as const, detail: 'fake' };
  }

  async listObjects() {
    return [...this.objects.keys()].map((name) => ({ name, label: name }));
  }

  async describeObject(object: string): Promise<ObjectDescription> {
    return { name: object, label: object, idField: 'id', modifiedField: MODIFIED, fields: [] };
  }

  async *read(request: ReadRequest): AsyncIterable<ReadPage> {
    this.readRequests.push(request);
    const idField = request.idField ?? 'id';
    let rows = [...this.table(request.object).values()];
    if (request.ids) {
      const wanted = new Set(request.ids);
      rows = rows.filter((r) => wanted.has(String(r[idField])));
    }
    const incremental = request.incremental;
    if (incremental) {
      const since = incremental.since;
      if (since !== undefined) rows = rows.filter((r) => String(r[incremental.field]) >= since);
      const until = incremental.until;
      if (until !== undefined) rows = rows.filter((r) => String(r[incremental.field]) <= until);
      rows.sort((a, b) => String(a[incremental.field]).localeCompare(String(b[incremental.field])));
    }
    for (let offset = Number(request.cursor ?? 0); offset < rows.length; offset += request.pageSize) {
      this.calls.push({ method: 'read', object: request.object, size: request.pageSize });
      this.maybeFail('read');
      const page: ReadPage = {
        records: rows.slice(offset, offset + request.pageSize).map((r) => ({ ...r })),
      };
      if (offset + request.pageSize < rows.length) page.cursor = String(offset + request.pageSize);
      yield page;
    }
  }

  async lookup(request: LookupRequest): Promise<Map<string, SourceRecord[]>> {
    this.calls.push({ method: 'lookup', object: request.object, size: request.values.length });
    this.maybeFail('lookup');
    const wanted = new Set(request.values);
    const found = new Map<string, SourceRecord[]>();
    for (const record of this.table(request.object).values()) {
      const value = record[request.field];
      if (value === undefined || value === null || !wanted.has(String(value))) continue;
      const list = found.get(String(value)) ?? [];
      list.push({ ...record });
      found.set(String(value), list);
    }
    return found;
  }

  async upsertBatch(request: UpsertBatchRequest): Promise<UpsertResult[]> {
    this.calls.push({ method: 'upsertBatch', object: request.object, size: request.items.length });
    if (request.items.length > this.maxBatchSize)
      throw new ConnectorError('TARGET_VALIDATION', 'batch too large');
    this.maybeFail('upsertBatch');
    const table = this.table(request.object);
    const results: UpsertResult[] = [];
    for (const item of request.items) {
      const problem = this.rules
        .filter((r) => r.object === request.object)
        .map((r) => r.check(item.fields))
        .find(Boolean);
      if (problem) {
        results.push({ ref: item.ref, ok: false, error: new ConnectorError('TARGET_VALIDATION', problem) });
        continue;
      }
      let id = item.id;
      if (!id && item.externalId) {
        const { field, value } = item.externalId;
        const matches = [...table.values()].filter((r) => String(r[field]) === value);
        if (matches.length > 1) {
          results.push({
            ref: item.ref,
            ok: false,
            error: new ConnectorError('MULTIPLE_MATCHES', 'two matches'),
          });
          continue;
        }
        id = matches[0] ? String(matches[0].id) : undefined;
      }
      if (request.operation === 'create') id = undefined;
      if (id && !table.has(id)) {
        results.push({ ref: item.ref, ok: false, error: new ConnectorError('RECORD_NOT_FOUND', `no ${id}`) });
        continue;
      }
      const created = !id;
      id ??= `T${String(this.nextId++).padStart(6, '0')}`;
      table.set(id, { ...(table.get(id) ?? {}), ...item.fields, id, [MODIFIED]: this.tick() });
      this.writes += 1;
      results.push({ ref: item.ref, ok: true, id, created });
    }
    if (this.afterWrite) await this.afterWrite(request);
    return results;
  }

  async update(request: UpdateRequest): Promise<void> {
    this.calls.push({ method: 'update', object: request.object, size: 1 });
    this.maybeFail('update');
    const table = this.table(request.object);
    const record = table.get(request.id);
    if (!record) throw new ConnectorError('RECORD_NOT_FOUND', `no ${request.object} ${request.id}`);
    // A write-back does not count as a modification for incremental reads (as with NetSuite's
    // "ignore write-back" pattern), so it does not loop back into the next sweep.
    table.set(request.id, { ...record, ...request.fields });
  }

  countCalls(method: Method, object?: string): number {
    return this.calls.filter((c) => c.method === method && (object === undefined || c.object === object))
      .length;
  }
}
