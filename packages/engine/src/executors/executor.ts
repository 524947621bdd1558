import type { NodeType } from '@flowsync/contracts';
import type { CompiledNodeOf } from '../compile-flow.ts';
import type { Envelope } from '../envelope.ts';
import type { PageOutcome, RunContext } from '../run-context.ts';

/** Sends a record out of the node through a named output handle. */
export type Emit = (handle: string, envelope: Envelope) => void;

/**
 * Runs one node over the records of one page that reached it. Per-record failures are stored with
 * `run.fail` and the batch goes on; only infrastructure failures (and cancellation) throw.
 */
export type Executor<T extends NodeType> = (
  node: CompiledNodeOf<T>,
  batch: readonly Envelope[],
  run: RunContext,
  page: PageOutcome,
  emit: Emit,
) => Promise<void>;
