import type { RecordError, TriggerNode } from '@flowsync/contracts';
import {
  ConnectorError,
  toConnectorError,
  type ReadPage,
  type ReadRequest,
  type SourceRecord,
} from '@flowsync/connector-sdk';
import { backoffDelay } from './retry.ts';
import type { Envelope } from './envelope.ts';
import type { PageOutcome, RunContext } from './run-context.ts';

/** What a run processes. */
export type RunInput =
  /** Read from the trigger's system: everything, or incrementally from the committed watermark. */
  | { kind: 'read' }
  /** Records delivered with realtime events. */
  | { kind: 'records'; records: readonly SourceRecord[] }
  /** Read just these source records (realtime events without payload, "sync selected records"). */
  | { kind: 'ids'; ids: readonly string[] }
  /** Re-run failed records from the node where each failed, with their stored (or edited) payload. */
  | { kind: 'retry'; errors: readonly RecordError[] };

/** One page: the records entering the graph, keyed by the node they enter at. */
export interface SourcePage {
  index: number;
  inputs: Map<string, Envelope[]>;
  /** Incremental watermark reached once this page (and every page before it) is final. */
  watermark?: string;
  /** Records of this page that failed before entering the graph (no id). */
  failures: { envelope: Envelope; error: ConnectorError }[];
}

function parseTime(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The later of two watermark values (timestamps compared as times, anything else as text). */
export function laterWatermark(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const ta = parseTime(a);
  const tb = parseTime(b);
  if (ta !== undefined && tb !== undefined) return tb > ta ? b : a;
  return b > a ? b : a;
}

function watermarkOf(records: readonly SourceRecord[], field: string): string | undefined {
  let max: string | undefined;
  for (const record of records) {
    const value = record[field];
    if (value === undefined || value === null || value === '') continue;
    max = laterWatermark(max, String(value));
  }
  return max;
}

/** Start of an incremental read: the committed watermark less the overlap window. */
export function readSince(watermark: string | undefined, overlapSeconds: number): string | undefined {
  if (watermark === undefined || overlapSeconds === 0) return watermark;
  const ms = parseTime(watermark);
  return ms === undefined ? watermark : new Date(ms - overlapSeconds * 1000).toISOString();
}

function toPage(
  index: number,
  trigger: TriggerNode,
  records: readonly SourceRecord[],
  watermark?: string,
): SourcePage {
  const entering: Envelope[] = [];
  const failures: SourcePage['failures'] = [];
  for (const data of records) {
    const id = data[trigger.config.idField];
    if (id === undefined || id === null || id === '') {
      failures.push({
        envelope: { sourceId: '', data: { ...data }, lookups: {} },
        error: new ConnectorError('MISSING_KEY', `${trigger.config.idField}: the source record has no id`),
      });
      continue;
    }
    entering.push({ sourceId: String(id), data: { ...data }, lookups: {} });
  }
  const page: SourcePage = { index, inputs: new Map([[trigger.id, entering]]), failures };
  if (watermark !== undefined) page.watermark = watermark;
  return page;
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

export interface SourceOptions {
  /** Committed watermark at the start of the run. */
  watermark: string | undefined;
}

/**
 * Yields the pages of a run, lazily: the next page is read only when the caller asks for it, so the
 * number of records in memory is bounded by page size times pages in flight.
 */
export async function* sourcePages(
  run: RunContext,
  input: RunInput,
  options: SourceOptions,
): AsyncGenerator<SourcePage> {
  const trigger = run.compiled.graph.trigger;
  if (trigger.type !== 'trigger') throw new Error('the graph must start with a trigger');
  const config = trigger.config;
  const pageSize = config.pageSize ?? run.settings.batchSize;
  let index = 0;

  switch (input.kind) {
    case 'records':
      for (const records of chunks(input.records, pageSize)) yield toPage(index++, trigger, records);
      return;
    case 'retry':
      for (const errors of chunks(input.errors, pageSize)) {
        const inputs = new Map<string, Envelope[]>();
        for (const error of errors) {
          const envelope: Envelope = {
            sourceId: error.sourceId,
            data: structuredClone(error.payload.data),
            lookups: structuredClone(error.payload.lookups),
            retryOf: error,
          };
          if (error.payload.mapped !== undefined) envelope.mapped = structuredClone(error.payload.mapped);
          const list = inputs.get(error.nodeId) ?? [];
          list.push(envelope);
          inputs.set(error.nodeId, list);
        }
        yield { index: index++, inputs, failures: [] };
      }
      return;
    case 'ids':
    case 'read':
      break;
  }

  const connector = await run.connector(config.connection);
  const incremental = input.kind === 'read' ? config.incremental : undefined;
  const polling = input.kind === 'read' && config.schedule?.kind === 'polling' ? config.schedule : undefined;
  const started = run.ports.clock.now();
  let watermark = options.watermark ?? incremental?.initialValue;

  const attempts = run.settings.retry.attempts;
  for (;;) {
    const since = incremental ? readSince(watermark, incremental.overlapSeconds) : undefined;
    // Bounded at the sweep's start: a record this run writes back (or anyone changes meanwhile) gets a
    // newer stamp and would come round again behind the read's position; the next sweep reads it.
    const until = new Date(run.ports.clock.now()).toISOString();
    const request: ReadRequest = {
      object: config.object,
      pageSize,
      idField: config.idField,
      ...(config.fields ? { fields: config.fields } : {}),
      ...(config.filters ? { filters: config.filters } : {}),
      ...(incremental
        ? { incremental: { field: incremental.field, until, ...(since ? { since } : {}) } }
        : {}),
      ...(input.kind === 'ids' ? { ids: input.ids } : {}),
      signal: run.signal,
    };
    // A failed page read ends the connector's iterator; the read resumes from the last page's cursor.
    let cursor: string | undefined;
    let failures = 0;
    reading: for (;;) {
      const pages = connector.read(cursor === undefined ? request : { ...request, cursor });
      const iterator = pages[Symbol.asyncIterator]();
      for (;;) {
        let next: IteratorResult<ReadPage>;
        try {
          next = await iterator.next();
          failures = 0;
        } catch (thrown) {
          const error = toConnectorError(thrown);
          failures += 1;
          if (run.signal.aborted || !error.retryable || failures >= attempts) throw error;
          run.statsOf(trigger.id).retries += 1;
          await run.ports.clock.sleep(
            backoffDelay(run.settings.retry, failures, run.random, error.retryAfterMs),
            run.signal,
          );
          continue reading;
        }
        if (next.done) break reading;
        const page = next.value;
        cursor = page.cursor;
        if (incremental) {
          watermark = laterWatermark(
            watermark,
            page.watermark ?? watermarkOf(page.records, incremental.field),
          );
        }
        yield toPage(index++, trigger, page.records, incremental ? watermark : undefined);
      }
    }
    if (!polling) return;
    const elapsed = run.ports.clock.now() - started;
    if (elapsed + polling.sleepSeconds * 1000 >= polling.checkProcessSeconds * 1000) return;
    await run.ports.clock.sleep(polling.sleepSeconds * 1000, run.signal);
  }
}

/** Stores the records of a page that could not enter the graph. */
export function recordSourceFailures(run: RunContext, page: SourcePage, outcome: PageOutcome): void {
  const triggerId = run.compiled.graph.trigger.id;
  for (const { envelope, error } of page.failures) run.fail(outcome, triggerId, envelope, error);
}
