import type { DatabaseSync, SQLInputValue, SQLOutputValue, StatementSync } from 'node:sqlite';

export type Row = Record<string, SQLOutputValue>;

/** Largest IN (...) list per statement; well below SQLite's bound-parameter limit. */
const MAX_IN_LIST = 512;

/**
 * A DatabaseSync with a prepared-statement cache and transactions. node:sqlite is synchronous, so a
 * transaction body runs without interleaving with other calls of this process; BEGIN IMMEDIATE takes the
 * write lock up front so that another process cannot slip in between a read and the write based on it.
 */
export class SqliteDatabase {
  readonly raw: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(raw: DatabaseSync) {
    this.raw = raw;
  }

  statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.raw.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  transaction<T>(body: () => T): T {
    if (this.raw.isTransaction) return body();
    this.raw.exec('BEGIN IMMEDIATE');
    try {
      const result = body();
      this.raw.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.raw.isTransaction) this.raw.exec('ROLLBACK');
      throw error;
    }
  }

  /**
   * Runs `sqlTemplate` (which contains `(?IN)`) once per slice of `values`. Each slice is padded to a
   * power of two by repeating its last value, so only a handful of distinct statements get prepared.
   */
  eachIn(
    sqlTemplate: string,
    values: readonly string[],
    visit: (statement: StatementSync, slice: SQLInputValue[]) => void,
  ): void {
    const distinct = [...new Set(values)];
    for (let i = 0; i < distinct.length; i += MAX_IN_LIST) {
      const slice: SQLInputValue[] = distinct.slice(i, i + MAX_IN_LIST);
      let size = 1;
      while (size < slice.length) size *= 2;
      const last = slice[slice.length - 1] ?? null;
      while (slice.length < size) slice.push(last);
      const sql = sqlTemplate.replace('(?IN)', `(${new Array<string>(size).fill('?').join(', ')})`);
      visit(this.statement(sql), slice);
    }
  }

  close(): void {
    this.#statements.clear();
    if (!this.raw.isOpen) return;
    try {
      // Keeps planner statistics fresh for the next open; cheap when little changed. Best effort only.
      this.raw.exec('PRAGMA optimize');
    } catch {
      // A busy or read-only database keeps its old statistics.
    }
    this.raw.close();
  }
}

export function changes(result: { changes: number | bigint }): number {
  return Number(result.changes);
}

/** node:sqlite reports constraint failures with the SQLite extended result code in `errcode`. */
export function isUniqueViolation(error: unknown): boolean {
  const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
  const SQLITE_CONSTRAINT_UNIQUE = 2067;
  return (
    error instanceof Error &&
    'errcode' in error &&
    (error.errcode === SQLITE_CONSTRAINT_PRIMARYKEY || error.errcode === SQLITE_CONSTRAINT_UNIQUE)
  );
}

function column(row: Row, name: string): SQLOutputValue {
  if (!(name in row)) throw new Error(`sqlite row has no column "${name}"`);
  return row[name] ?? null;
}

export function text(row: Row, name: string): string {
  const value = column(row, name);
  if (typeof value !== 'string') throw new Error(`sqlite column "${name}" is not text`);
  return value;
}

export function optionalText(row: Row, name: string): string | undefined {
  const value = column(row, name);
  return value === null ? undefined : text(row, name);
}

export function integer(row: Row, name: string): number {
  const value = column(row, name);
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new Error(`sqlite column "${name}" is not an integer`);
}

export function flag(row: Row, name: string): boolean {
  return integer(row, name) !== 0;
}

/** Parses a JSON TEXT column. The store wrote it from a value of type T, so the cast is sound. */
export function json<T>(row: Row, name: string): T {
  return JSON.parse(text(row, name)) as T;
}

export function optionalJson<T>(row: Row, name: string): T | undefined {
  const value = optionalText(row, name);
  return value === undefined ? undefined : (JSON.parse(value) as T);
}
