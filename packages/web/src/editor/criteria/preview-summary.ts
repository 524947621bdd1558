// What the criteria preview shows: how many sample records qualify, the rejected ones with the
// condition that stopped each, and the ones the criteria could not evaluate, each named by its id and
// a couple of fields a person recognises (name, email).
import { splitConjuncts } from '@flowsync/expression';
import type { PredicateOutcome } from '../preview/preview-protocol.ts';

export interface SampleRow {
  /** Position in the sample. */
  index: number;
  id: string;
  /** A name for the record (its Name, or first and last name), when it has one. */
  label: string | undefined;
  /** A second identifying value (an email, a title), when it has one. */
  detail: string | undefined;
}

export interface RejectedRow extends SampleRow {
  failedCondition: string;
}

export interface ErrorRow extends SampleRow {
  message: string;
}

export interface PreviewSummary {
  total: number;
  passed: number;
  rejected: RejectedRow[];
  errors: ErrorRow[];
  qualifying: SampleRow[];
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function valueOf(record: Record<string, unknown>, pattern: RegExp): string | undefined {
  for (const [key, value] of Object.entries(record)) {
    if (pattern.test(key)) {
      const found = text(value);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * A record's id and identifying fields for a list row.
 *
 * @example
 * identify({ id: '5001', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@x.io' }, 'id', 0);
 * // { index: 0, id: '5001', label: 'Ada Lovelace', detail: 'ada@x.io' }
 */
export function identify(record: Record<string, unknown>, idField: string, index: number): SampleRow {
  const id = text(record[idField]) ?? `#${index + 1}`;
  const first = valueOf(record, /^first_?name$/i);
  const last = valueOf(record, /^last_?name$/i);
  const label =
    valueOf(record, /^(name|full_?name|company_?name|account_?name)$/i) ??
    ([first, last].filter(Boolean).join(' ') || undefined) ??
    valueOf(record, /^(entity_?id|title|subject)$/i);
  const detail = valueOf(record, /e_?mail/i) ?? valueOf(record, /phone/i);
  return { index, id, label, detail: detail === label ? undefined : detail };
}

/**
 * Counts and lists the outcomes of a predicate over the sample (outcomes in sample order).
 *
 * @example
 * summarize(records, 'id', outcomes).passed; // 183
 */
export function summarize(
  records: readonly Record<string, unknown>[],
  idField: string,
  outcomes: readonly PredicateOutcome[],
): PreviewSummary {
  const summary: PreviewSummary = {
    total: records.length,
    passed: 0,
    rejected: [],
    errors: [],
    qualifying: [],
  };
  records.forEach((record, index) => {
    const outcome = outcomes[index];
    if (outcome === undefined) return;
    const row = identify(record, idField, index);
    if (!outcome.ok) summary.errors.push({ ...row, message: outcome.error });
    else if (outcome.passed) {
      summary.passed += 1;
      summary.qualifying.push(row);
    } else summary.rejected.push({ ...row, failedCondition: outcome.failedCondition });
  });
  return summary;
}

/** `"183 of 200 sample records qualify"`: the preview's headline. */
export function headline(summary: Pick<PreviewSummary, 'passed' | 'total'>): string {
  return `${summary.passed} of ${summary.total} sample records qualify`;
}

/**
 * The lookup aliases the criteria refer to (`$account` in `$exists($account.targetId)`): their
 * results are not part of the sample, so the preview sees no value for them.
 */
export function lookupsReferenced(expression: string, aliases: readonly string[]): string[] {
  return aliases.filter((alias) =>
    new RegExp(`\\$${alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'u').test(expression),
  );
}

/**
 * The part of the criteria a sample can test. Lookup results (`$alias`) exist only at run time, so
 * top-level conditions on them are set aside (and listed) instead of failing every sample record. A
 * lookup reference that is not a separate condition (inside an `or`) stays: it cannot be set aside.
 *
 * @example
 * previewableCriteria('$account.targetId != null and Email != ""', ['account']);
 * // { expression: 'Email != ""', skipped: ['$account.targetId != null'] }
 */
export function previewableCriteria(
  expression: string,
  aliases: readonly string[],
): { expression: string; skipped: string[] } {
  if (aliases.length === 0) return { expression, skipped: [] };
  const conjuncts = splitConjuncts(expression);
  if (conjuncts.length <= 1) return { expression, skipped: [] };
  const kept: string[] = [];
  const skipped: string[] = [];
  for (const conjunct of conjuncts) {
    (lookupsReferenced(conjunct, aliases).length > 0 ? skipped : kept).push(conjunct);
  }
  if (skipped.length === 0) return { expression, skipped: [] };
  return {
    // Conjuncts of one top-level `and` chain: joining a subset with `and` keeps each one's meaning.
    expression: kept.length === 0 ? 'true' : kept.join(' and '),
    skipped,
  };
}
