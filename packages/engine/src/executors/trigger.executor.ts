import type { Executor } from './executor.ts';

/** Records enter the graph at the trigger; it passes them on. */
export const executeTrigger: Executor<'trigger'> = async (_node, batch, _run, _page, emit) => {
  for (const envelope of batch) emit('out', envelope);
};
