import type { LedgerEntry, UpsertOperation } from '@flowsync/contracts';
import { ConnectorError, type Connector, type UpsertItem, type UpsertResult } from '@flowsync/connector-sdk';
import type { CompiledNodeOf } from '../compile-flow.ts';
import { hashWrite, type Envelope } from '../envelope.ts';
import { backoffDelay } from '../retry.ts';
import type { PageOutcome, RunContext } from '../run-context.ts';
import type { Emit, Executor } from './executor.ts';

/** Name under which downstream nodes see the written record: `$upserted.id`, `$upserted.created`. */
export const UPSERTED_BINDING = 'upserted';

interface Planned {
  envelope: Envelope;
  item: UpsertItem;
  hash: string;
}

type Plan = Record<UpsertOperation, Planned[]>;

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** Decides per record which call writes it, or why it cannot be written. */
async function planRecord(
  node: CompiledNodeOf<'upsert'>,
  envelope: Envelope,
  ref: string,
  existing: LedgerEntry | undefined,
): Promise<{ operation: UpsertOperation; item: UpsertItem; hash: string }> {
  const { operation, match } = node.node.config;
  const fields = { ...(envelope.mapped ?? envelope.data) };
  let id: string | undefined;
  if (match?.kind === 'targetId' && node.targetId) {
    const value = await node.targetId.evaluate(envelope.data, envelope.lookups);
    if (!isBlank(value)) id = String(value);
  }
  id ??= existing?.targetId;

  const hash = hashWrite(node.target, fields);
  if (operation === 'create') return { operation, item: { ref, fields }, hash };

  if (match?.kind === 'externalId' && operation === 'upsert') {
    const value = fields[match.field];
    if (isBlank(value)) {
      throw new ConnectorError('MISSING_KEY', `${match.field}: the record has no value for the upsert key`);
    }
    return {
      operation,
      item: { ref, externalId: { field: match.field, value: String(value) }, fields },
      hash,
    };
  }
  if (id !== undefined) return { operation: 'update', item: { ref, id, fields }, hash };
  if (operation === 'update') {
    throw new ConnectorError('RECORD_NOT_FOUND', `No existing ${node.node.config.object} record to update`);
  }
  return { operation: 'create', item: { ref, fields }, hash };
}

async function writeBatch(
  node: CompiledNodeOf<'upsert'>,
  connector: Connector,
  operation: UpsertOperation,
  batch: Planned[],
  run: RunContext,
  page: PageOutcome,
  onWritten: (planned: Planned, id: string, created: boolean) => void,
): Promise<void> {
  const nodeId = node.node.id;
  const attempts = run.settings.retry.attempts;
  let pending = batch;
  for (let attempt = 1; pending.length > 0; attempt++) {
    let results: UpsertResult[];
    try {
      results = await run.retry(nodeId, () =>
        connector.upsertBatch({
          object: node.node.config.object,
          operation,
          items: pending.map((p) => p.item),
          signal: run.signal,
        }),
      );
    } catch (error) {
      for (const planned of pending) run.fail(page, nodeId, planned.envelope, error);
      return;
    }
    const byRef = new Map(results.map((r) => [r.ref, r]));
    const again: Planned[] = [];
    let retryAfterMs = 0;
    for (const planned of pending) {
      const result = byRef.get(planned.item.ref);
      if (!result) {
        run.fail(
          page,
          nodeId,
          planned.envelope,
          new ConnectorError('BAD_RESPONSE', 'The system returned no result for this record'),
        );
      } else if (result.ok) {
        onWritten(planned, result.id, result.created);
      } else if (result.error.retryable && attempt < attempts) {
        again.push(planned);
        retryAfterMs = Math.max(retryAfterMs, result.error.retryAfterMs ?? 0);
      } else {
        run.fail(page, nodeId, planned.envelope, result.error);
      }
    }
    if (again.length > 0) {
      run.statsOf(nodeId).retries += again.length;
      await run.ports.clock.sleep(
        backoffDelay(run.settings.retry, attempt, run.random, retryAfterMs),
        run.signal,
      );
    }
    pending = again;
  }
}

/**
 * Whether the source must be told the target id. When the source record was read with the write-back
 * field, its value decides. When it was not, the ledger does: only a new or changed target id (or a
 * retry of a failed write-back) is written, so writing back never echoes into the next sweep forever.
 */
function needsWriteBack(
  field: string,
  envelope: Envelope,
  targetId: string,
  before: LedgerEntry | undefined,
): boolean {
  if (field in envelope.data) return envelope.data[field] !== targetId;
  return before?.targetId !== targetId || envelope.retryOf !== undefined;
}

async function writeBack(
  node: CompiledNodeOf<'upsert'>,
  envelope: Envelope,
  targetId: string,
  before: LedgerEntry | undefined,
  run: RunContext,
  page: PageOutcome,
): Promise<void> {
  const config = node.node.config.writeBack;
  if (!config || !needsWriteBack(config.field, envelope, targetId, before)) return;
  const trigger = run.compiled.graph.trigger;
  if (trigger.type !== 'trigger') throw new Error('the graph must start with a trigger');
  const connection = config.connection ?? trigger.config.connection;
  const object = config.object ?? trigger.config.object;
  try {
    const connector = await run.connector(connection);
    await run.retry(node.node.id, () =>
      connector.update({
        object,
        id: envelope.sourceId,
        fields: { [config.field]: targetId },
        signal: run.signal,
      }),
    );
    envelope.data[config.field] = targetId;
  } catch (error) {
    if (error instanceof Error) error.message = `write-back of ${config.field} failed: ${error.message}`;
    run.fail(page, node.node.id, envelope, error);
  }
}

/**
 * Writes records to the target in batches, keyed so that a repeated write updates rather than
 * duplicates; skips records whose data is unchanged since the last write (ledger hash), records
 * source ↔ target ids in the ledger, and writes the target id back to the source when configured.
 */
export const executeUpsert: Executor<'upsert'> = async (node, batch, run, page, emit: Emit) => {
  const nodeId = node.node.id;
  const config = node.node.config;
  const connector = await run.connector(config.connection);
  const ledger = await run.ports.store.ledger.getMany(run.flowId, node.target, [
    ...new Set(batch.map((e) => e.sourceId)),
  ]);
  const stats = run.statsOf(nodeId);
  const plan: Plan = { create: [], update: [], upsert: [] };
  const done: { envelope: Envelope; id: string; created: boolean }[] = [];

  for (const [index, envelope] of batch.entries()) {
    const existing = ledger.get(envelope.sourceId);
    let planned;
    try {
      planned = await planRecord(node, envelope, String(index), existing);
    } catch (error) {
      run.fail(page, nodeId, envelope, error);
      continue;
    }
    if (
      config.skipUnchanged &&
      existing &&
      existing.hash === planned.hash &&
      planned.operation !== 'create'
    ) {
      stats.skipped += 1;
      run.totals.skipped += 1;
      done.push({ envelope, id: existing.targetId, created: false });
      continue;
    }
    plan[planned.operation].push({ envelope, item: planned.item, hash: planned.hash });
  }

  const size = Math.min(config.batchSize ?? connector.maxBatchSize, connector.maxBatchSize);
  const now = new Date(run.ports.clock.now()).toISOString();
  for (const operation of ['create', 'update', 'upsert'] as const) {
    const planned = plan[operation];
    for (let i = 0; i < planned.length; i += size) {
      await writeBatch(
        node,
        connector,
        operation,
        planned.slice(i, i + size),
        run,
        page,
        (p, id, created) => {
          run.totals.written += 1;
          page.ledger.push({
            flowId: run.flowId,
            target: node.target,
            sourceId: p.envelope.sourceId,
            targetId: id,
            hash: p.hash,
            runId: run.identity.runId,
            syncedAt: now,
            action: created ? 'created' : 'updated',
          });
          done.push({ envelope: p.envelope, id, created });
        },
      );
    }
  }

  for (const { envelope, id, created } of done) {
    const failedBefore = stats.failed;
    await writeBack(node, envelope, id, ledger.get(envelope.sourceId), run, page);
    if (stats.failed !== failedBefore) continue;
    page.succeeded.add(envelope.sourceId);
    envelope.lookups[UPSERTED_BINDING] = { id, created, target: node.target };
    emit('out', envelope);
  }
};
