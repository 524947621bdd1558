import type { NodeStats, RunRejection, RunStatus, RunTotals, RunTrigger } from '@flowsync/contracts';
import type { CompiledFlow } from './compile-flow.ts';
import { cloneStats, emptyStats, emptyTotals } from './node-stats.ts';
import type { EnginePorts } from './ports.ts';
import { processPage } from './process-page.ts';
import { RunContext, type PageOutcome } from './run-context.ts';
import {
  laterWatermark,
  recordSourceFailures,
  sourcePages,
  type RunInput,
  type SourcePage,
} from './source.ts';

export interface RunRequest {
  runId: string;
  flowVersion: number;
  trigger: RunTrigger;
  input: RunInput;
  /** Aborting cancels the run: calls in flight are aborted, nothing past the last final page is committed. */
  signal?: AbortSignal;
  /**
   * Aborting stops the run gracefully (server shutdown): no new page is read, the pages in flight
   * finish and commit their watermark, and the run ends `cancelled`.
   */
  stopSignal?: AbortSignal;
  /** Minimum time between two counter events (default 250 ms). */
  countersIntervalMs?: number;
}

export interface RunResult {
  status: Exclude<RunStatus, 'queued' | 'running'>;
  totals: RunTotals;
  nodes: Record<string, NodeStats>;
  rejections: RunRejection[];
  /** Watermark committed by this run, if it advanced it. */
  watermark?: string;
  message?: string;
}

class ErrorPolicyStop extends Error {
  override readonly name = 'ErrorPolicyStop';
}

/**
 * Executes a compiled flow: streams pages from the source through the graph with at most
 * `settings.concurrency` pages in flight, stores failed records and goes on, writes the ledger, and
 * commits the incremental watermark only up to the last page before which every page is final.
 * Never throws for a record or a system failure: those end up in the result and the events.
 *
 * @example
 * ```ts
 * const result = await runFlow(compileFlow(doc), {
 *   runId: 'run-1', flowVersion: 1, trigger: { kind: 'manual' }, input: { kind: 'read' },
 * }, ports);
 * console.log(result.status, result.totals.written);
 * ```
 */
export async function runFlow(
  compiled: CompiledFlow,
  request: RunRequest,
  ports: EnginePorts,
): Promise<RunResult> {
  const { flow } = compiled;
  const controller = new AbortController();
  const external = request.signal;
  const onExternalAbort = () => controller.abort(external?.reason);
  if (external?.aborted) controller.abort(external.reason);
  else external?.addEventListener('abort', onExternalAbort, { once: true });

  const stats: Record<string, NodeStats> = {};
  for (const node of flow.nodes) stats[node.id] = emptyStats(node);
  const totals = emptyTotals();
  let stopReason: string | undefined;
  const policy = flow.settings.errorPolicy;
  const run = new RunContext({
    compiled,
    identity: { runId: request.runId, flowVersion: request.flowVersion },
    ports,
    signal: controller.signal,
    stats,
    totals,
    onErrorCount: (failed) => {
      if (policy.mode === 'stopAfter' && failed >= (policy.maxErrors ?? 1) && !stopReason) {
        stopReason = `stopped after ${failed} record errors (error policy)`;
        controller.abort(new ErrorPolicyStop(stopReason));
      }
    },
  });

  const base = () => ({
    runId: request.runId,
    flowId: flow.id,
    at: new Date(ports.clock.now()).toISOString(),
  });
  const interval = request.countersIntervalMs ?? 250;
  let lastCounters = 0;
  const emitCounters = (force = false) => {
    const now = ports.clock.now();
    if (!force && now - lastCounters < interval) return;
    lastCounters = now;
    ports.events.emit({ type: 'run.counters', ...base(), nodes: cloneStats(stats), totals: { ...totals } });
  };

  ports.events.emit({ type: 'run.started', ...base() });

  const trigger = compiled.graph.trigger;
  const incremental =
    request.input.kind === 'read' && trigger.type === 'trigger' && trigger.config.incremental;
  const startWatermark = incremental
    ? (await ports.store.watermarks.get(flow.id, trigger.id))?.value
    : undefined;
  let committed = startWatermark;
  let committedByRun: string | undefined;

  // Pages finish out of order; the watermark advances over the longest finished prefix only.
  const finished = new Map<number, SourcePage>();
  let nextToCommit = 0;
  let commitChain = Promise.resolve();
  const commitFinishedPrefix = () => {
    let candidate = committed;
    while (finished.has(nextToCommit)) {
      candidate = laterWatermark(candidate, finished.get(nextToCommit)?.watermark);
      finished.delete(nextToCommit);
      nextToCommit += 1;
    }
    if (!incremental || candidate === undefined || candidate === committed) return commitChain;
    committed = candidate;
    const value = candidate;
    commitChain = commitChain.then(async () => {
      await ports.store.watermarks.set({
        flowId: flow.id,
        nodeId: trigger.id,
        value,
        updatedAt: new Date(ports.clock.now()).toISOString(),
        runId: request.runId,
      });
      committedByRun = value;
      ports.events.emit({ type: 'run.watermark', ...base(), nodeId: trigger.id, value });
    });
    return commitChain;
  };

  const finalize = async (page: SourcePage, outcome: PageOutcome) => {
    const store = ports.store;
    const failed = new Set(outcome.errors.map((e) => e.sourceId));
    const succeeded = [...outcome.succeeded].filter((id) => !failed.has(id));
    if (outcome.ledger.length > 0) await store.ledger.upsertMany(outcome.ledger);
    if (succeeded.length > 0) await store.errors.resolveForRecords(flow.id, succeeded, 'engine');
    if (outcome.retriedErrorIds.length > 0)
      await store.errors.resolve(outcome.retriedErrorIds, 'retried', 'engine');
    if (outcome.errors.length > 0) await store.errors.insertMany(outcome.errors);
    finished.set(page.index, page);
    await commitFinishedPrefix();
    emitCounters();
  };

  const handle = async (page: SourcePage) => {
    let entering = page.failures.length;
    for (const list of page.inputs.values()) entering += list.length;
    totals.read += entering;
    const outcome = await processPage(run, page.inputs);
    recordSourceFailures(run, page, outcome);
    await finalize(page, outcome);
  };

  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let stoppedEarly = false;
  try {
    for await (const page of sourcePages(run, request.input, { watermark: startWatermark })) {
      if (controller.signal.aborted) break;
      if (request.stopSignal?.aborted) {
        stoppedEarly = true;
        break;
      }
      const task: Promise<void> = handle(page).then(
        () => {
          inFlight.delete(task);
        },
        (error: unknown) => {
          inFlight.delete(task);
          failure ??= error;
          controller.abort(error);
        },
      );
      inFlight.add(task);
      while (inFlight.size >= flow.settings.concurrency) await Promise.race(inFlight);
    }
  } catch (error) {
    failure ??= error;
    controller.abort(error);
  }
  await Promise.allSettled(inFlight);
  await commitChain.catch((error: unknown) => {
    failure ??= error;
  });
  external?.removeEventListener('abort', onExternalAbort);

  let status: RunResult['status'];
  let message: string | undefined;
  if (stopReason) {
    status = 'failed';
    message = stopReason;
  } else if (external?.aborted) {
    status = 'cancelled';
    message = 'The run was cancelled';
  } else if (stoppedEarly && failure === undefined) {
    status = 'cancelled';
    message =
      'Stopped for shutdown after finishing the pages in flight; the next run resumes from the watermark';
  } else if (failure !== undefined) {
    status = 'failed';
    message = failure instanceof Error ? failure.message : String(failure);
    ports.logger.error({ runId: request.runId, err: failure }, 'run failed');
  } else {
    status = totals.failed > 0 ? 'completedWithErrors' : 'succeeded';
  }

  emitCounters(true);
  const result: RunResult = {
    status,
    totals: { ...totals },
    nodes: cloneStats(stats),
    rejections: [...run.rejections],
  };
  if (committedByRun !== undefined) result.watermark = committedByRun;
  if (message !== undefined) result.message = message;
  ports.events.emit({
    type: 'run.finished',
    ...base(),
    status,
    totals: result.totals,
    nodes: result.nodes,
    ...(message === undefined ? {} : { message }),
  });
  return result;
}
