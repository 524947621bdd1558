import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CURRENT_SCHEMA_VERSION } from '@flowsync/contracts';
import { FlowMigrationError, MIGRATIONS, migrateFlow, type Migration } from '@flowsync/flow-core';
import { simpleFlow } from './helpers.ts';

/** A made-up history: v2 renamed `name` to `title`, v3 moved `title` into `meta`. */
const CHAIN: Record<number, Migration> = {
  1: (doc) => {
    const { name, ...rest } = doc;
    return { ...rest, schemaVersion: 2, title: name };
  },
  2: (doc) => {
    const { title, ...rest } = doc;
    return { ...rest, schemaVersion: 3, meta: { title } };
  },
};

function rejectsVersion(doc: unknown, message: RegExp, migrations = CHAIN, target = 3): void {
  assert.throws(
    () => migrateFlow(doc, migrations, target),
    (error: unknown) => {
      assert.ok(error instanceof FlowMigrationError);
      assert.equal(error.code, 'UNSUPPORTED_SCHEMA_VERSION');
      assert.equal(error.path, '/schemaVersion');
      assert.match(error.message, message);
      return true;
    },
  );
}

describe('migrateFlow', () => {
  it('ships no real migrations for the current version 1', () => {
    assert.equal(CURRENT_SCHEMA_VERSION, 1);
    assert.deepEqual(Object.keys(MIGRATIONS), []);
    const doc = simpleFlow();
    const result = migrateFlow(doc);
    assert.deepEqual(result, { doc, from: 1, applied: [] });
    assert.notEqual(result.doc, doc, 'returns a copy');
  });

  it('runs an injected chain in order up to the target', () => {
    const input = { schemaVersion: 1, name: 'Contacts', nodes: [] };
    const result = migrateFlow(input, CHAIN, 3);
    assert.deepEqual(result, {
      doc: { schemaVersion: 3, nodes: [], meta: { title: 'Contacts' } },
      from: 1,
      applied: [1, 2],
    });
    assert.deepEqual(input, { schemaVersion: 1, name: 'Contacts', nodes: [] });
  });

  it('starts from the version the document carries', () => {
    const result = migrateFlow({ schemaVersion: 2, title: 'Contacts' }, CHAIN, 3);
    assert.deepEqual(result.applied, [2]);
    assert.deepEqual(result.doc, { schemaVersion: 3, meta: { title: 'Contacts' } });
  });

  it('gives migrations a private copy they may change in place', () => {
    const input = { schemaVersion: 1, nested: { count: 1 } };
    const mutating: Record<number, Migration> = {
      1: (doc) => {
        (doc['nested'] as { count: number }).count += 1;
        doc['schemaVersion'] = 2;
        return doc;
      },
    };
    assert.deepEqual(migrateFlow(input, mutating, 2).doc, { schemaVersion: 2, nested: { count: 2 } });
    assert.deepEqual(input, { schemaVersion: 1, nested: { count: 1 } });
  });

  it('rejects missing, malformed and too new versions', () => {
    rejectsVersion({}, /schemaVersion is missing/);
    rejectsVersion({ schemaVersion: '1' }, /must be a positive integer, got "1"/);
    rejectsVersion({ schemaVersion: 1.5 }, /must be a positive integer/);
    rejectsVersion({ schemaVersion: 0 }, /must be a positive integer/);
    rejectsVersion({ schemaVersion: 4 }, /schemaVersion 4 is newer than this installation supports \(3\)/);
    rejectsVersion([], /must be a JSON object/);
  });

  it('rejects a version with no migration path', () => {
    const gap: Record<number, Migration> = { 2: CHAIN[2] as Migration };
    rejectsVersion({ schemaVersion: 1 }, /no migration from version 1 to 2/, gap);
  });

  it('treats a migration that skips or repeats a version as a bug', () => {
    const broken: Record<number, Migration> = { 1: (doc) => ({ ...doc }) };
    assert.throws(
      () => migrateFlow({ schemaVersion: 1 }, broken, 2),
      (error: unknown) => {
        assert.ok(error instanceof Error && !(error instanceof FlowMigrationError));
        assert.match(error.message, /did not produce a version 2 document/);
        return true;
      },
    );
  });
});
