// What the inbox says after a bulk action: the retry runs started and the errors resolved.
import type { RecordError, RetryErrorsResponse } from '@flowsync/contracts';

/** "1 error", "12 errors". */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${new Intl.NumberFormat('en').format(n)} ${n === 1 ? singular : plural}`;
}

/**
 * The toast after `POST /errors/retry`.
 *
 * @example
 * retryStartedText(12, { runs: [run] }) // → 'Retry started: 12 errors in 1 run'
 */
export function retryStartedText(errorCount: number, response: RetryErrorsResponse): string {
  return `Retry started: ${countOf(errorCount, 'error')} in ${countOf(response.runs.length, 'run')}`;
}

/** The toast after `POST /errors/resolve`. */
export function resolvedText(resolved: number, asked: number): string {
  if (resolved === 0) return 'Nothing to resolve: the selected errors were already resolved';
  const skipped = asked - resolved;
  return `Resolved ${countOf(resolved, 'error')}${skipped > 0 ? ` (${skipped} already resolved)` : ''}`;
}

/**
 * Splits a selection into the errors a retry accepts (open) and those it would refuse (resolved), so
 * the inbox retries what it can and says what it left out.
 */
export function retryableSelection(errors: readonly RecordError[]): {
  open: RecordError[];
  resolved: RecordError[];
} {
  return {
    open: errors.filter((e) => e.status === 'open'),
    resolved: errors.filter((e) => e.status !== 'open'),
  };
}

/** The state of the page's select-all checkbox. */
export function selectAllState(
  pageIds: readonly string[],
  selected: ReadonlySet<string>,
): 'none' | 'some' | 'all' {
  const count = pageIds.filter((id) => selected.has(id)).length;
  if (count === 0) return 'none';
  return count === pageIds.length ? 'all' : 'some';
}

/** The selection after clicking select-all: every selectable id of the page, or none of them. */
export function toggleAll(pageIds: readonly string[], selected: ReadonlySet<string>): Set<string> {
  return selectAllState(pageIds, selected) === 'all' ? new Set() : new Set(pageIds);
}
