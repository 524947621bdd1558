import { randomUUID } from 'node:crypto';
import type { RecordError, RunEvent, RunRecord, RunTotals } from '@flowsync/contracts';
import { compileFlow, type RunResult } from '@flowsync/engine';
import type { FlowVersion, Store } from '@flowsync/store';
import { AppError, notFound } from '../app-error.ts';
import type { EventHub } from '../events/event-hub.ts';
import type { RunDispatcher, RunJob } from './run-dispatcher.ts';
import type { RunService, StartRunRequest } from './run-service.ts';
import { silentServiceLogger, type ServiceLogger } from './service-logger.ts';

export interface DispatchedRunServiceOptions {
  store: Store;
  hub: EventHub;
  dispatcher: RunDispatcher;
  logger?: ServiceLogger;
  /** Counters of a running run are written to the store at most this often. Default 2000 ms. */
  countersPersistMs?: number;
  /** Default grace of `shutdown()`. Default 25 s. */
  shutdownGraceMs?: number;
  /**
   * Mark runs that a previous process left queued or running as failed before starting any run (right
   * when this process alone owns the store's runs, as on the embedded store).
   */
  failInterruptedRuns?: boolean;
}

interface ActiveRun {
  record: RunRecord;
  job: RunJob;
  dispatched: boolean;
  finishing: boolean;
  /** Writes of this run's record, in order. */
  persisted: Promise<void>;
  lastCountersWrite: number;
}

/** The runs of one flow: one executes, the others wait their turn (runs of a flow never overlap). */
interface FlowLane {
  current?: ActiveRun;
  waiting: ActiveRun[];
}

const zeroTotals = (): RunTotals => ({ read: 0, written: 0, rejected: 0, skipped: 0, failed: 0 });
const COMPILED_KEPT = 64;

/**
 * The {@link RunService} over a {@link RunDispatcher}: applies each flow's overlap setting, persists
 * runs (created when queued, updated when started, counters every few seconds, the outcome at the end)
 * and publishes their events on the hub. `run.finished` is published after the outcome is stored, so a
 * client that reads the run on that event sees its final state.
 *
 * @example
 * ```ts
 * const runs = new DispatchedRunService({ store, hub, dispatcher });
 * const run = await runs.start({ flowId, trigger: { kind: 'manual' }, input: { kind: 'read' }, requestedBy: email });
 * ```
 */
export class DispatchedRunService implements RunService {
  private readonly store: Store;
  private readonly hub: EventHub;
  private readonly dispatcher: RunDispatcher;
  private readonly logger: ServiceLogger;
  private readonly countersPersistMs: number;
  private readonly shutdownGraceMs: number;
  private readonly runs = new Map<string, ActiveRun>();
  private readonly lanes = new Map<string, FlowLane>();
  private readonly finalWrites = new Set<Promise<void>>();
  /** Flow versions already compiled (a start validates the flow before queuing it). */
  private readonly validated = new Set<string>();
  private accepting = true;
  private readonly recovered: Promise<void>;

  constructor(options: DispatchedRunServiceOptions) {
    this.store = options.store;
    this.hub = options.hub;
    this.dispatcher = options.dispatcher;
    this.logger = options.logger ?? silentServiceLogger;
    this.countersPersistMs = options.countersPersistMs ?? 2000;
    this.shutdownGraceMs = options.shutdownGraceMs ?? 25_000;
    this.recovered = options.failInterruptedRuns
      ? this.failInterruptedRuns().then(
          (count) => {
            if (count > 0)
              this.logger.warn({ count }, 'runs interrupted by the last stop were marked failed');
          },
          (error: unknown) => this.logger.error({ err: error }, 'could not mark interrupted runs as failed'),
        )
      : Promise.resolve();
  }

  async start(request: StartRunRequest): Promise<RunRecord> {
    this.assertAccepting();
    const version = await this.store.flows.get(request.flowId);
    if (!version) throw notFound(`Flow ${request.flowId}`);
    return this.enqueue(version, request);
  }

  async retryErrors(flowId: string, errors: readonly RecordError[], requestedBy: string): Promise<RunRecord> {
    this.assertAccepting();
    if (errors.length === 0)
      throw new AppError('VALIDATION_FAILED', 'No errors to retry', [
        { path: '/ids', message: 'ids is empty' },
      ]);
    const foreign = errors.filter((e) => e.flowId !== flowId);
    if (foreign.length > 0) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Errors ${foreign.map((e) => e.id).join(', ')} belong to another flow than ${flowId}`,
        [{ path: '/ids', message: 'all errors of one retry run belong to one flow' }],
      );
    }
    const version = await this.store.flows.get(flowId);
    if (!version) throw notFound(`Flow ${flowId}`);
    // A node removed since the error happened: the engine would drop the record without processing it.
    const nodeIds = new Set(version.flow.nodes.map((n) => n.id));
    const orphans = errors.filter((e) => !nodeIds.has(e.nodeId));
    if (orphans.length > 0) {
      throw new AppError(
        'CONFLICT',
        `Version ${version.version} of flow ${flowId} no longer has the node where ${orphans.length === 1 ? 'this error' : 'these errors'} happened`,
        orphans.map((e) => ({
          path: '/ids',
          message: `error ${e.id} failed at node ${e.nodeId}, which was removed`,
          nodeId: e.nodeId,
        })),
      );
    }
    return this.enqueue(version, {
      flowId,
      trigger: { kind: 'retry', errorIds: errors.map((e) => e.id) },
      input: { kind: 'retry', errors },
      requestedBy,
    });
  }

  async cancel(runId: string, requestedBy: string): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run || run.finishing) return false;
    this.logger.info({ runId, flowId: run.record.flowId, by: requestedBy }, 'run cancel requested');
    if (run.dispatched) return this.dispatcher.cancel(runId);
    const lane = this.lanes.get(run.record.flowId);
    if (lane) lane.waiting = lane.waiting.filter((r) => r !== run);
    this.finish(run, {
      status: 'cancelled',
      totals: zeroTotals(),
      nodes: {},
      rejections: [],
      message: 'The run was cancelled before it started',
    });
    return true;
  }

  active(): RunRecord[] {
    return [...this.runs.values()].map((run) => structuredClone(run.record));
  }

  isRunning(flowId: string): boolean {
    const lane = this.lanes.get(flowId);
    return lane !== undefined && (lane.current !== undefined || lane.waiting.length > 0);
  }

  async shutdown(options: { graceMs?: number } = {}): Promise<void> {
    this.accepting = false;
    for (const lane of this.lanes.values()) {
      for (const run of lane.waiting.splice(0)) {
        this.finish(run, {
          status: 'cancelled',
          totals: zeroTotals(),
          nodes: {},
          rejections: [],
          message: 'The server shut down before the run started',
        });
      }
    }
    await this.dispatcher.stop({ graceMs: options.graceMs ?? this.shutdownGraceMs });
    await Promise.allSettled([...this.runs.values()].map((r) => r.persisted));
    await Promise.allSettled([...this.finalWrites]);
  }

  /**
   * Marks runs left queued or running by a previous process as failed (one process owns its runs on
   * the embedded store; they will not resume, and the next run continues from the committed watermark).
   */
  private async failInterruptedRuns(): Promise<number> {
    let count = 0;
    for (;;) {
      const stale = (await this.store.runs.list({ status: ['queued', 'running'], limit: 200 })).filter(
        (r) => !this.runs.has(r.id),
      );
      if (stale.length === 0) return count;
      for (const run of stale) {
        await this.store.runs.update(run.id, {
          status: 'failed',
          finishedAt: new Date().toISOString(),
          message:
            'The server stopped while the run was queued or running; the next run continues from the last committed watermark',
        });
        count++;
      }
    }
  }

  private assertAccepting(): void {
    if (!this.accepting)
      throw new AppError('CONFLICT', 'The server is shutting down; start the run again once it is back');
  }

  private async enqueue(version: FlowVersion, request: StartRunRequest): Promise<RunRecord> {
    await this.recovered;
    this.assertAccepting();
    this.validate(version);
    const flowId = version.flowId;
    const lane = this.lanes.get(flowId) ?? { waiting: [] };
    const busy = lane.current !== undefined || lane.waiting.length > 0;
    // Realtime events were accepted already, so their run always waits its turn (the inbox processor
    // sends one at a time); for the rest the flow's overlap setting decides.
    if (busy && request.trigger.kind !== 'realtime') {
      const blocking = lane.current ?? lane.waiting[0];
      if (version.flow.settings.overlap === 'skip') {
        throw new AppError(
          'CONFLICT',
          `Flow ${flowId} is already running (run ${blocking?.record.id}); its overlap setting is "skip", so this run was not started`,
        );
      }
      if (lane.waiting.some((r) => r.record.trigger.kind !== 'realtime')) {
        throw new AppError(
          'CONFLICT',
          `Flow ${flowId} is already running and another run is waiting for it; this run was not queued`,
        );
      }
    }
    const record: RunRecord = {
      id: randomUUID(),
      flowId,
      flowVersion: version.version,
      trigger: request.trigger,
      status: 'queued',
      queuedAt: new Date().toISOString(),
      totals: zeroTotals(),
      nodes: {},
      requestedBy: request.requestedBy,
    };
    const run: ActiveRun = {
      record,
      job: {
        runId: record.id,
        flowId,
        flowVersion: version.version,
        trigger: request.trigger,
        input: request.input,
      },
      dispatched: false,
      finishing: false,
      persisted: Promise.resolve(),
      lastCountersWrite: 0,
    };
    // Registered before the first await, so a concurrent start sees this run.
    this.runs.set(record.id, run);
    this.lanes.set(flowId, lane);
    if (lane.current === undefined) lane.current = run;
    else lane.waiting.push(run);
    const created = this.store.runs.create(structuredClone(record));
    run.persisted = created.catch(() => undefined);
    try {
      await created;
    } catch (error) {
      this.runs.delete(record.id);
      if (lane.current === run) lane.current = undefined;
      lane.waiting = lane.waiting.filter((r) => r !== run);
      this.advance(flowId);
      throw error;
    }
    this.publish({
      type: 'run.queued',
      runId: record.id,
      flowId,
      at: record.queuedAt,
      flowVersion: version.version,
      trigger: request.trigger,
    });
    if (lane.current === run && !run.finishing) this.dispatch(run);
    this.logger.info(
      { runId: record.id, flowId, trigger: request.trigger.kind, by: request.requestedBy },
      'run queued',
    );
    return structuredClone(record);
  }

  private validate(version: FlowVersion): void {
    const key = `${version.flowId}@${version.version}`;
    if (this.validated.has(key)) return;
    compileFlow(version.flow);
    if (this.validated.size >= COMPILED_KEPT) this.validated.clear();
    this.validated.add(key);
  }

  private dispatch(run: ActiveRun): void {
    run.dispatched = true;
    this.dispatcher.dispatch(run.job, {
      event: (event) => this.onEvent(run, event),
      finished: (result) => this.finish(run, result),
    });
  }

  private onEvent(run: ActiveRun, event: RunEvent): void {
    if (run.finishing) return;
    const { record } = run;
    switch (event.type) {
      case 'run.started':
        record.status = 'running';
        record.startedAt = event.at;
        this.persist(run, { status: 'running', startedAt: event.at });
        break;
      case 'run.counters': {
        record.totals = event.totals;
        record.nodes = event.nodes;
        const now = Date.now();
        if (now - run.lastCountersWrite >= this.countersPersistMs) {
          run.lastCountersWrite = now;
          this.persist(run, { totals: event.totals, nodes: event.nodes });
        }
        break;
      }
      case 'run.finished':
        // Published by finish() once the outcome is stored.
        return;
      case 'run.queued':
      case 'run.recordError':
      case 'run.recordRejected':
      case 'run.watermark':
        break;
      default:
        assertNever(event);
    }
    this.publish(event);
  }

  private finish(run: ActiveRun, result: RunResult): void {
    if (run.finishing) return;
    run.finishing = true;
    const { record } = run;
    const finishedAt = new Date().toISOString();
    Object.assign(record, {
      status: result.status,
      finishedAt,
      totals: result.totals,
      nodes: result.nodes,
      rejections: result.rejections,
    });
    if (result.message !== undefined) record.message = result.message;
    this.persist(run, {
      status: result.status,
      finishedAt,
      totals: result.totals,
      nodes: result.nodes,
      rejections: result.rejections,
      ...(result.message !== undefined ? { message: result.message } : {}),
    });
    const done = run.persisted.then(() => {
      this.runs.delete(record.id);
      const lane = this.lanes.get(record.flowId);
      if (lane?.current === run) lane.current = undefined;
      this.advance(record.flowId);
      this.publish({
        type: 'run.finished',
        runId: record.id,
        flowId: record.flowId,
        at: finishedAt,
        status: result.status,
        totals: result.totals,
        nodes: result.nodes,
        ...(result.message !== undefined ? { message: result.message } : {}),
      });
      const level = result.status === 'failed' ? 'warn' : 'info';
      this.logger[level](
        {
          runId: record.id,
          flowId: record.flowId,
          status: result.status,
          totals: result.totals,
          message: result.message,
        },
        'run finished',
      );
    });
    this.finalWrites.add(done);
    void done.finally(() => this.finalWrites.delete(done));
  }

  /** Starts the next waiting run of the flow, if the flow is free. */
  private advance(flowId: string): void {
    const lane = this.lanes.get(flowId);
    if (!lane) return;
    if (lane.current === undefined) {
      const next = lane.waiting.shift();
      if (next) {
        lane.current = next;
        if (!next.finishing) this.dispatch(next);
      }
    }
    if (lane.current === undefined && lane.waiting.length === 0) this.lanes.delete(flowId);
  }

  private persist(run: ActiveRun, patch: Partial<Omit<RunRecord, 'id' | 'flowId'>>): void {
    run.persisted = run.persisted
      .then(() => this.store.runs.update(run.record.id, patch))
      .catch((error: unknown) => {
        this.logger.error({ runId: run.record.id, err: error }, 'could not store the run');
      });
  }

  private publish(event: RunEvent): void {
    try {
      this.hub.publish(event);
    } catch (error) {
      this.logger.error({ runId: event.runId, err: error }, 'could not publish a run event');
    }
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected run event ${JSON.stringify(value)}`);
}
