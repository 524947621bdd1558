import { CURRENT_SCHEMA_VERSION } from '@flowsync/contracts';
import { Value } from '@sinclair/typebox/value';
import { isRecord } from './is-record.ts';

/**
 * Turns a document of version N into one of version N + 1. It receives a private copy, so it may
 * change it in place, and must set `schemaVersion` to N + 1.
 */
export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

/**
 * The migrations this build ships, keyed by the version migrated FROM. Version 1 is the first
 * released format, so there are none yet.
 *
 * To change the flow format: bump `CURRENT_SCHEMA_VERSION` in `@flowsync/contracts` (say to 2),
 * change the schemas there, and add `1: migrate1to2` here, a pure function that rewrites a version-1
 * document into a version-2 one (and sets `schemaVersion: 2`). Add a test that feeds a version-1
 * fixture through `validateFlow` and checks the result. Never edit a shipped migration: saved
 * flows and exported files of every older version must keep migrating.
 *
 * @example
 * // in a future build with CURRENT_SCHEMA_VERSION = 2:
 * export const MIGRATIONS = Object.freeze({
 *   1: (doc) => ({ ...doc, schemaVersion: 2, settings: renameRetry(doc.settings) }),
 * });
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = Object.freeze({});

/** The document's `schemaVersion` is missing, malformed, too new, or has no migration path. */
export class FlowMigrationError extends Error {
  readonly code = 'UNSUPPORTED_SCHEMA_VERSION' as const;
  readonly path = '/schemaVersion';
  /** The `schemaVersion` the document carried. */
  readonly version: unknown;

  constructor(message: string, version: unknown) {
    super(message);
    this.name = 'FlowMigrationError';
    this.version = version;
  }
}

export interface MigrationResult {
  /** A copy of the input at the target version; the input is never changed. */
  doc: Record<string, unknown>;
  /** The version the input carried. */
  from: number;
  /** The FROM versions of the migrations that ran, in order. */
  applied: number[];
}

/**
 * Brings a document to `target` (CURRENT_SCHEMA_VERSION by default) by running migrations in turn.
 * Throws {@link FlowMigrationError} when the version is missing, not a positive integer, newer than
 * `target`, or has no migration path. `migrations` and `target` are injectable for tests.
 *
 * @example
 * const { doc, from, applied } = migrateFlow(JSON.parse(text));
 * if (applied.length > 0) console.log(`migrated from version ${from}`);
 */
export function migrateFlow(
  doc: unknown,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
  target: number = CURRENT_SCHEMA_VERSION,
): MigrationResult {
  if (!isRecord(doc)) throw new FlowMigrationError('The flow document must be a JSON object', undefined);
  const version = doc['schemaVersion'];
  if (version === undefined) {
    throw new FlowMigrationError(
      `schemaVersion is missing; this installation reads version ${target}`,
      version,
    );
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new FlowMigrationError(
      `schemaVersion must be a positive integer, got ${JSON.stringify(version)}`,
      version,
    );
  }
  if (version > target) {
    throw new FlowMigrationError(
      `schemaVersion ${version} is newer than this installation supports (${target}); upgrade flowsync to open it`,
      version,
    );
  }

  let current = Value.Clone(doc);
  const applied: number[] = [];
  for (let from = version; from < target; from += 1) {
    const migration = Object.hasOwn(migrations, from) ? migrations[from] : undefined;
    if (migration === undefined) {
      throw new FlowMigrationError(
        `schemaVersion ${version} cannot be migrated: no migration from version ${from} to ${from + 1}`,
        version,
      );
    }
    const next = migration(current);
    if (!isRecord(next) || next['schemaVersion'] !== from + 1) {
      // A broken migration is a bug in this package, not in the user's document.
      throw new Error(`Migration from schemaVersion ${from} did not produce a version ${from + 1} document`);
    }
    current = next;
    applied.push(from);
  }
  return { doc: current, from: version, applied };
}
