import { ConnectorError, type SourceRecord } from '@flowsync/connector-sdk';
import type { CompiledExpression } from '@flowsync/expression';
import type { CompiledNodeOf } from '../compile-flow.ts';
import type { Envelope } from '../envelope.ts';
import type { PageOutcome, RunContext } from '../run-context.ts';
import type { Emit, Executor } from './executor.ts';

/** Values per lookup call: well under SOQL/SuiteQL IN-list and URL limits. */
const LOOKUP_CHUNK = 100;

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function keyText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Evaluates the key of each record: blank keys go to `blank`, failures are stored. */
async function keysOf(
  expression: CompiledExpression,
  batch: readonly Envelope[],
  run: RunContext,
  page: PageOutcome,
  nodeId: string,
): Promise<{ keyed: { envelope: Envelope; key: string }[]; blank: Envelope[] }> {
  const keyed: { envelope: Envelope; key: string }[] = [];
  const blank: Envelope[] = [];
  for (const envelope of batch) {
    try {
      const value = await expression.evaluate(envelope.data, envelope.lookups);
      if (isBlank(value)) blank.push(envelope);
      else keyed.push({ envelope, key: keyText(value) });
    } catch (error) {
      run.fail(page, nodeId, envelope, error);
    }
  }
  return { keyed, blank };
}

async function lookupInConnector(
  node: CompiledNodeOf<'lookup'>,
  batch: readonly Envelope[],
  run: RunContext,
  page: PageOutcome,
  emit: Emit,
): Promise<void> {
  const { source, as, onMultiple } = node.node.config;
  if (source.kind !== 'connector') throw new Error('connector lookup expected');
  const nodeId = node.node.id;
  const connector = await run.connector(source.connection);
  let pending: readonly Envelope[] = batch;

  for (const strategy of node.strategies) {
    const { keyed, blank: notFound } = await keysOf(strategy.compiled, pending, run, page, nodeId);

    const cacheKey = (key: string) =>
      `${source.connection}\u0000${source.object}\u0000${strategy.field}\u0000${key}`;
    const results = new Map<string, SourceRecord[]>();
    const failedKeys = new Map<string, unknown>();
    const uncached = [...new Set(keyed.map((k) => k.key))].filter((key) => {
      const cached = run.cachedLookup(cacheKey(key));
      if (cached) results.set(key, cached as SourceRecord[]);
      return !cached;
    });
    for (let i = 0; i < uncached.length; i += LOOKUP_CHUNK) {
      const values = uncached.slice(i, i + LOOKUP_CHUNK);
      try {
        const found = await run.retry(nodeId, () =>
          connector.lookup({
            object: source.object,
            field: strategy.field,
            values,
            ...(source.fields ? { fields: source.fields } : {}),
            signal: run.signal,
          }),
        );
        for (const [key, records] of found) {
          if (records.length > 0) {
            results.set(key, records);
            run.cacheLookup(cacheKey(key), records);
          }
        }
      } catch (error) {
        if (run.signal.aborted) throw error;
        for (const key of values) failedKeys.set(key, error);
      }
    }

    for (const { envelope, key } of keyed) {
      const failure = failedKeys.get(key);
      if (failure !== undefined) {
        run.fail(page, nodeId, envelope, failure);
        continue;
      }
      const matches = results.get(key) ?? [];
      if (matches.length === 0) {
        notFound.push(envelope);
      } else if (matches.length > 1 && onMultiple === 'error') {
        run.fail(
          page,
          nodeId,
          envelope,
          new ConnectorError(
            'MULTIPLE_MATCHES',
            `${matches.length} ${source.object} records have ${strategy.field} = ${key}`,
          ),
        );
      } else {
        envelope.lookups[as] = matches[0];
        emit('found', envelope);
      }
    }
    pending = notFound;
  }
  for (const envelope of pending) emit('notFound', envelope);
}

async function lookupInLedger(
  node: CompiledNodeOf<'lookup'>,
  batch: readonly Envelope[],
  run: RunContext,
  page: PageOutcome,
  emit: Emit,
): Promise<void> {
  const { source, as } = node.node.config;
  if (source.kind !== 'ledger' || !node.ledgerSourceId) throw new Error('ledger lookup expected');
  const nodeId = node.node.id;
  const { keyed, blank: notFound } = await keysOf(node.ledgerSourceId, batch, run, page, nodeId);
  const flowId = source.flow ?? run.flowId;
  const entries = await run.ports.store.ledger.getMany(flowId, source.target ?? null, [
    ...new Set(keyed.map((k) => k.key)),
  ]);
  for (const { envelope, key } of keyed) {
    const entry = entries.get(key);
    if (entry) {
      envelope.lookups[as] = {
        sourceId: entry.sourceId,
        targetId: entry.targetId,
        target: entry.target,
        flowId: entry.flowId,
        syncedAt: entry.syncedAt,
      };
      emit('found', envelope);
    } else {
      notFound.push(envelope);
    }
  }
  for (const envelope of notFound) emit('notFound', envelope);
}

/** Finds related records for a whole batch in as few calls as possible, and binds them as `$<as>`. */
export const executeLookup: Executor<'lookup'> = (node, batch, run, page, emit) =>
  node.node.config.source.kind === 'ledger'
    ? lookupInLedger(node, batch, run, page, emit)
    : lookupInConnector(node, batch, run, page, emit);
