import { Cron } from 'croner';
import type { Schedule } from '@flowsync/contracts';
import type { Store } from '@flowsync/store';
import { AppError } from '../app-error.ts';
import type { RunService } from './run-service.ts';
import { silentServiceLogger, type ServiceLogger } from './service-logger.ts';

/** Timers, injectable so that tests need not wait for real intervals. */
export interface SchedulerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemSchedulerClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface PlannedRun {
  flowId: string;
  schedule: Schedule;
  /** ISO time of the next tick. */
  next: string;
}

/** Starts scheduled runs of enabled flows. */
export interface Scheduler {
  /** Plans every enabled flow with a schedule. */
  start(): Promise<void>;
  /** Re-reads one flow after it was switched on or off, saved or deleted. */
  refresh(flowId: string): Promise<void>;
  /** Cancels every planned tick; runs already started are not affected. */
  stop(): Promise<void>;
  /** What is planned, for diagnostics and tests. */
  planned(): PlannedRun[];
}

export interface SchedulerOptions {
  store: Store;
  runs: RunService;
  logger?: ServiceLogger;
  clock?: SchedulerClock;
}

interface Plan {
  schedule: Schedule;
  key: string;
  next: number;
  timer?: unknown;
}

// setTimeout overflows past 2^31-1 ms (about 24.8 days); a longer wait is re-armed in steps.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The next tick of a schedule after `from` (ms since the epoch): every N seconds for `interval` and
 * `polling` (a polling run itself keeps polling within its check-process time), the next matching time
 * in the schedule's time zone for `cron`.
 *
 * @example
 * ```ts
 * nextTick({ kind: 'cron', expression: '0 6 * * 1-5', timezone: 'Europe/Amsterdam' }, Date.now());
 * ```
 */
export function nextTick(schedule: Schedule, from: number): number | undefined {
  switch (schedule.kind) {
    case 'interval':
    case 'polling':
      return from + schedule.everySeconds * 1000;
    case 'cron': {
      const cron = new Cron(schedule.expression, {
        paused: true,
        ...(schedule.timezone ? { timezone: schedule.timezone } : {}),
      });
      return cron.nextRun(new Date(from))?.getTime();
    }
    default:
      return assertNever(schedule);
  }
}

/**
 * Plans scheduled runs for enabled flows: interval, cron (time-zone aware, via croner) and seed 002's
 * polling cadence. A tick while the previous run still runs follows the flow's overlap setting (the run
 * service refuses it for `skip`; the tick is then logged and skipped).
 *
 * @example
 * ```ts
 * const scheduler = createScheduler({ store, runs });
 * await scheduler.start();
 * await scheduler.refresh('netsuite-contacts-to-salesforce'); // after it was switched on
 * ```
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { store, runs } = options;
  const logger = options.logger ?? silentServiceLogger;
  const clock = options.clock ?? systemSchedulerClock;
  const plans = new Map<string, Plan>();
  const chains = new Map<string, Promise<void>>();
  let stopped = false;

  const cancel = (flowId: string) => {
    const plan = plans.get(flowId);
    if (plan?.timer !== undefined) clock.clearTimeout(plan.timer);
    plans.delete(flowId);
  };

  const arm = (flowId: string, plan: Plan) => {
    const delay = Math.max(0, plan.next - clock.now());
    plan.timer = clock.setTimeout(
      () => {
        if (plans.get(flowId) !== plan || stopped) return;
        if (delay > MAX_TIMER_MS) arm(flowId, plan);
        else void tick(flowId, plan);
      },
      Math.min(delay, MAX_TIMER_MS),
    );
  };

  const plan = (flowId: string, schedule: Schedule, from: number): boolean => {
    let next: number | undefined;
    try {
      next = nextTick(schedule, from);
    } catch (error) {
      logger.warn({ flowId, schedule, err: error }, 'the flow has an invalid schedule; it is not scheduled');
      return false;
    }
    if (next === undefined) {
      logger.warn({ flowId, schedule }, 'the schedule has no future tick');
      return false;
    }
    const entry: Plan = { schedule, key: JSON.stringify(schedule), next };
    plans.set(flowId, entry);
    arm(flowId, entry);
    return true;
  };

  const tick = async (flowId: string, current: Plan) => {
    // Plan the next tick first, so a slow start does not shift the cadence.
    plan(flowId, current.schedule, Math.max(current.next, clock.now() - 1));
    try {
      const state = await store.flows.state(flowId);
      if (!state?.enabled) {
        cancel(flowId);
        return;
      }
      const run = await runs.start({
        flowId,
        trigger: { kind: 'schedule' },
        input: { kind: 'read' },
        requestedBy: 'scheduler',
      });
      logger.info({ flowId, runId: run.id }, 'scheduled run started');
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT') {
        logger.info({ flowId, reason: error.message }, 'scheduled run skipped');
      } else {
        logger.warn({ flowId, err: error }, 'scheduled run could not start');
      }
    }
  };

  const read = async (flowId: string) => {
    if (stopped) return;
    const state = await store.flows.state(flowId);
    const version = state?.enabled ? await store.flows.get(flowId) : null;
    const trigger = version?.flow.nodes.find((n) => n.type === 'trigger');
    const schedule = trigger?.type === 'trigger' ? trigger.config.schedule : undefined;
    if (!schedule || stopped) {
      cancel(flowId);
      return;
    }
    // An unchanged schedule keeps its cadence across saves of the flow.
    if (plans.get(flowId)?.key === JSON.stringify(schedule)) return;
    cancel(flowId);
    if (plan(flowId, schedule, clock.now()))
      logger.info(
        { flowId, schedule, next: new Date(plans.get(flowId)?.next ?? 0).toISOString() },
        'flow scheduled',
      );
  };

  const refresh = (flowId: string): Promise<void> => {
    const previous = chains.get(flowId) ?? Promise.resolve();
    const next = previous
      .then(() => read(flowId))
      .catch((error: unknown) => {
        logger.error({ flowId, err: error }, 'could not refresh the flow schedule');
      });
    chains.set(flowId, next);
    void next.then(() => {
      if (chains.get(flowId) === next) chains.delete(flowId);
    });
    return next;
  };

  return {
    async start() {
      stopped = false;
      const flows = await store.flows.list();
      await Promise.all(flows.filter((f) => f.enabled).map((f) => refresh(f.flowId)));
    },
    refresh,
    async stop() {
      stopped = true;
      for (const flowId of [...plans.keys()]) cancel(flowId);
      await Promise.allSettled([...chains.values()]);
    },
    planned() {
      return [...plans.entries()].map(([flowId, p]) => ({
        flowId,
        schedule: p.schedule,
        next: new Date(p.next).toISOString(),
      }));
    },
  };
}

function assertNever(value: never): never {
  throw new Error(`unknown schedule ${JSON.stringify(value)}`);
}
