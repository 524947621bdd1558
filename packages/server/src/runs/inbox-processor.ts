import type { RunEvent, ServerMessage } from '@flowsync/contracts';
import type { RecordEvent, SourceRecord } from '@flowsync/connector-sdk';
import type { RunInput } from '@flowsync/engine';
import type { Store, WebhookEvent } from '@flowsync/store';
import { AppError } from '../app-error.ts';
import type { EventHub } from '../events/event-hub.ts';
import type { RunService } from './run-service.ts';
import { silentServiceLogger, type ServiceLogger } from './service-logger.ts';

/** Turns accepted webhook deliveries into realtime runs. */
export interface InboxProcessor {
  /** Start-up: returns deliveries left `processing` by a stopped process to pending, then processes all pending. */
  recover(): Promise<void>;
  /** New deliveries for the flow were stored: start a run for them unless one is already under way. */
  kick(flowId: string): Promise<void>;
}

export interface InboxProcessorOptions {
  store: Store;
  runs: RunService;
  hub: EventHub;
  logger?: ServiceLogger;
  /** Deliveries taken into one run. Default 100. */
  batchSize?: number;
}

/** What a listener stores per delivery: the verified record events the flow listens to. */
export type StoredRecordEvent = RecordEvent;

interface InFlight {
  runId?: string;
  deliveries: WebhookEvent[];
  /** Finished events seen before the run's id was known. */
  early: FinishedEvent[];
}

type FinishedEvent = Extract<RunEvent, { type: 'run.finished' }>;

/**
 * Runs a flow's pending webhook deliveries, one realtime run at a time per flow: claims a batch
 * (atomically, oldest first), starts a run with the events' records (or their ids when an event came
 * without the record), and marks the deliveries processed or failed when that run finishes. A run
 * stopped by a server shutdown leaves its deliveries `processing`; the next start returns them to
 * pending and runs them again (writes are idempotent).
 *
 * @example
 * ```ts
 * const inbox = createInboxProcessor({ store, runs, hub });
 * await inbox.recover();
 * await store.webhookInbox.put(delivery);
 * void inbox.kick(delivery.flowId);
 * ```
 */
export function createInboxProcessor(options: InboxProcessorOptions): InboxProcessor {
  const { store, runs, hub } = options;
  const logger = options.logger ?? silentServiceLogger;
  const batchSize = options.batchSize ?? 100;
  const inFlight = new Map<string, InFlight>();
  const again = new Set<string>();

  const complete = async (flight: InFlight, run: FinishedEvent) => {
    const ids = flight.deliveries.map((d) => d.id);
    if (run.status === 'cancelled' && /shut(ting)? ?down/i.test(run.message ?? '')) {
      logger.info(
        { flowId: run.flowId, runId: run.runId },
        'realtime run stopped by shutdown; its events stay for the next start',
      );
      return;
    }
    const ok = run.status === 'succeeded' || run.status === 'completedWithErrors';
    await store.webhookInbox.complete(ids, {
      status: ok ? 'processed' : 'failed',
      runId: run.runId,
      ...(ok ? {} : { error: run.message ?? `The run ended ${run.status}` }),
    });
  };

  const settle = (flowId: string, flight: InFlight, finished: FinishedEvent) => {
    void complete(flight, finished)
      .catch((error: unknown) => logger.error({ flowId, err: error }, 'could not complete webhook events'))
      .finally(() => {
        if (inFlight.get(flowId) === flight) inFlight.delete(flowId);
        void kick(flowId);
      });
  };

  hub.subscribe('flows', (message: ServerMessage) => {
    if (message.type !== 'run.finished') return;
    const flight = inFlight.get(message.flowId);
    if (!flight) return;
    if (flight.runId === undefined) flight.early.push(message);
    else if (flight.runId === message.runId) settle(message.flowId, flight, message);
  });

  const startRun = async (flowId: string, flight: InFlight): Promise<void> => {
    const deliveries = await store.webhookInbox.claim(flowId, batchSize);
    if (deliveries.length === 0) {
      inFlight.delete(flowId);
      return;
    }
    flight.deliveries = deliveries;
    try {
      const run = await runs.start({
        flowId,
        trigger: { kind: 'realtime', eventIds: deliveries.map((d) => d.id) },
        input: inputOf(deliveries),
        requestedBy: 'webhook',
      });
      flight.runId = run.id;
      const finished = flight.early.find((e) => e.runId === run.id);
      flight.early = [];
      if (finished) settle(flowId, flight, finished);
    } catch (error) {
      inFlight.delete(flowId);
      if (error instanceof AppError && error.code === 'CONFLICT') {
        // Shutting down: the deliveries stay `processing` and are returned to pending at the next start.
        logger.warn({ flowId, reason: error.message }, 'realtime run not started');
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ flowId, err: error }, 'realtime run could not start; its events are marked failed');
      await store.webhookInbox.complete(
        deliveries.map((d) => d.id),
        { status: 'failed', error: `The run could not start: ${message}` },
      );
      again.add(flowId);
    }
  };

  const kick = async (flowId: string): Promise<void> => {
    if (inFlight.has(flowId)) return;
    // Taken synchronously, so that concurrent kicks of one flow start one run, not several.
    const flight: InFlight = { deliveries: [], early: [] };
    inFlight.set(flowId, flight);
    try {
      await startRun(flowId, flight);
    } catch (error) {
      if (inFlight.get(flowId) === flight && flight.runId === undefined) inFlight.delete(flowId);
      logger.error({ flowId, err: error }, 'could not process webhook events');
    }
    // Events that failed to start are done; more may be waiting behind them.
    if (again.delete(flowId) && !inFlight.has(flowId)) await kick(flowId);
  };

  return {
    async recover() {
      const requeued = await store.webhookInbox.requeueProcessing();
      const flows = await store.webhookInbox.pendingFlows();
      if (requeued > 0 || flows.length > 0)
        logger.info({ requeued, flows }, 'processing accepted webhook events');
      await Promise.all(flows.map((flowId) => kick(flowId)));
    },
    kick,
  };
}

/** The run input of a batch of deliveries: their records, or their ids when an event came without one. */
export function inputOf(deliveries: readonly WebhookEvent[]): RunInput {
  const events = deliveries.flatMap((d) => d.events as StoredRecordEvent[]);
  if (events.every((e) => e.record !== undefined)) {
    // The latest state of each record is what matters; later events replace earlier ones.
    const latest = new Map<string, SourceRecord>();
    for (const event of events) {
      latest.delete(event.recordId);
      latest.set(event.recordId, event.record as SourceRecord);
    }
    return { kind: 'records', records: [...latest.values()] };
  }
  return { kind: 'ids', ids: [...new Set(events.map((e) => e.recordId))] };
}
