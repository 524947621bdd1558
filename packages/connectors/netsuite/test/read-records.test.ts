import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectAll, ConnectorError, type SourceRecord } from '@flowsync/connector-sdk';
import { generateSeed } from '../../../sandbox/src/shared/seed-data.ts';
import { startHarness, type ConnectorHarness } from './helpers/sandbox.ts';

const byId = (a: SourceRecord, b: SourceRecord) => Number(a['id']) - Number(b['id']);
const suiteqlCalls = async (h: ConnectorHarness): Promise<number> =>
  (await h.admin('GET', '/stats')).calls['POST /services/rest/query/v1/suiteql'] ?? 0;

describe('NetSuite connector: read', () => {
  let h: ConnectorHarness;
  before(async () => {
    h = await startHarness({ seed: generateSeed({ companies: 20, contacts: 60 }) });
  });
  beforeEach(() => h.admin('POST', '/reset'));
  after(() => h.close());

  test('a full read pages through every record, in the shape the emulator lists them', async () => {
    const pages = await collectAll(h.connector.read({ object: 'contact', pageSize: 7 }));
    assert.equal(pages.length, 9);
    assert.ok(pages.slice(0, -1).every((page) => page.cursor !== undefined && page.records.length === 7));
    assert.equal(pages.at(-1)?.cursor, undefined);
    assert.ok(pages.every((page) => page.watermark === undefined));
    const records = pages.flatMap((page) => page.records);
    const expected = await h.admin<SourceRecord[]>('GET', '/records/contact');
    assert.deepEqual(records, [...expected].sort(byId));
    const customers = (await collectAll(h.connector.read({ object: 'customer', pageSize: 1000 }))).flatMap(
      (p) => p.records,
    );
    assert.deepEqual(customers, (await h.admin<SourceRecord[]>('GET', '/records/customer')).sort(byId));
  });

  test('an incremental read starts at `since` (inclusive, to the second), ascends by time then id, and reports watermarks', async () => {
    const all = await h.admin<SourceRecord[]>('GET', '/records/contact');
    const since = '2026-01-01T00:01:10.600Z';
    const pages = await collectAll(
      h.connector.read({ object: 'contact', pageSize: 4, incremental: { field: 'lastModifiedDate', since } }),
    );
    const records = pages.flatMap((page) => page.records);
    const expected = all
      .filter((record) => String(record['lastModifiedDate']) >= '2026-01-01T00:01:10Z')
      .sort(
        (a, b) => String(a['lastModifiedDate']).localeCompare(String(b['lastModifiedDate'])) || byId(a, b),
      );
    assert.equal(expected[0]?.['lastModifiedDate'], '2026-01-01T00:01:10Z');
    assert.deepEqual(records, expected);
    for (const page of pages) assert.equal(page.watermark, page.records.at(-1)?.['lastModifiedDate']);
  });

  test('a read resumes from a page cursor', async () => {
    const request = { object: 'contact', pageSize: 10, incremental: { field: 'lastModifiedDate' } };
    const all = (await collectAll(h.connector.read(request))).flatMap((page) => page.records);
    const iterator = h.connector.read(request)[Symbol.asyncIterator]();
    const first = await iterator.next();
    await iterator.return?.();
    assert.ok(!first.done && first.value.cursor !== undefined);
    const rest = (await collectAll(h.connector.read({ ...request, cursor: first.value.cursor }))).flatMap(
      (page) => page.records,
    );
    assert.deepEqual([...first.value.records, ...rest], all);
  });

  test('a record modified while an incremental read runs is not skipped: it comes again at the end', async () => {
    const seen: string[] = [];
    let modified: string | undefined;
    for await (const page of h.connector.read({
      object: 'contact',
      pageSize: 10,
      incremental: { field: 'lastModifiedDate', since: '2026-01-01T00:00:00Z' },
    })) {
      seen.push(...page.records.map((record) => String(record['id'])));
      if (modified === undefined) {
        modified = String(page.records[0]?.['id']);
        await h.admin('PATCH', `/records/contact/${modified}`, { title: 'Moved' });
      }
    }
    assert.equal(seen.length, 61);
    assert.equal(new Set(seen).size, 60);
    assert.equal(seen.at(-1), modified);
  });

  test('an incremental read ends at `until` (inclusive, to the second)', async () => {
    const all = await h.admin<SourceRecord[]>('GET', '/records/contact');
    const until = '2026-01-01T00:01:10.600Z';
    const records = (
      await collectAll(
        h.connector.read({
          object: 'contact',
          pageSize: 4,
          incremental: { field: 'lastModifiedDate', until },
        }),
      )
    ).flatMap((page) => page.records);
    const expected = all
      .filter((record) => String(record['lastModifiedDate']) <= '2026-01-01T00:01:10Z')
      .sort(
        (a, b) => String(a['lastModifiedDate']).localeCompare(String(b['lastModifiedDate'])) || byId(a, b),
      );
    assert.equal(expected.at(-1)?.['lastModifiedDate'], '2026-01-01T00:01:10Z');
    assert.ok(expected.length < all.length);
    assert.deepEqual(records, expected);
  });

  test('bounded by `until` at its start, a read does not meet a record modified while it runs', async () => {
    // Two seconds back: the emulator stamps to the second, and the change must fall after the bound.
    const until = new Date(Date.now() - 2000).toISOString();
    const seen: string[] = [];
    let modified: string | undefined;
    for await (const page of h.connector.read({
      object: 'contact',
      pageSize: 10,
      incremental: { field: 'lastModifiedDate', since: '2026-01-01T00:00:00Z', until },
    })) {
      seen.push(...page.records.map((record) => String(record['id'])));
      if (modified === undefined) {
        modified = String(page.records[0]?.['id']);
        await h.admin('PATCH', `/records/contact/${modified}`, { title: 'Moved' });
      }
    }
    assert.equal(seen.length, 60);
    assert.equal(new Set(seen).size, 60);
  });

  test('ids, filters and fields narrow the read', async () => {
    const byIds = (
      await collectAll(
        h.connector.read({ object: 'contact', pageSize: 2, ids: ['5003', '5001', 'abc', '99999', '5002'] }),
      )
    ).map((page) => page.records.map((record) => record['id']));
    assert.deepEqual(byIds, [['5001', '5003'], ['5002']]);

    const all = await h.admin<SourceRecord[]>('GET', '/records/contact');
    const filtered = (
      await collectAll(
        h.connector.read({
          object: 'contact',
          pageSize: 100,
          fields: ['firstName', 'company'],
          filters: [
            { field: 'company', op: 'in', value: ['1000', '1001', '1002'] },
            { field: 'title', op: 'isNotNull' },
            { field: 'isInactive', op: 'eq', value: false },
          ],
        }),
      )
    ).flatMap((page) => page.records);
    const expected = all
      .filter((record) =>
        ['1000', '1001', '1002'].includes((record['company'] as { id: string } | null)?.id ?? ''),
      )
      .filter((record) => record['title'] !== null)
      .map((record) => ({ id: record['id'], firstName: record['firstName'], company: record['company'] }));
    assert.ok(expected.length > 0);
    assert.deepEqual(filtered, expected);
  });

  test('unknown objects and fields fail with VALIDATION_FAILED before any call', async () => {
    const before = await suiteqlCalls(h);
    await assert.rejects(collectAll(h.connector.read({ object: 'invoice', pageSize: 10 })), {
      code: 'VALIDATION_FAILED',
    });
    await assert.rejects(
      collectAll(h.connector.read({ object: 'contact', pageSize: 10, fields: ['shoeSize'] })),
      (error) => {
        assert.ok(error instanceof ConnectorError);
        assert.equal(error.code, 'VALIDATION_FAILED');
        assert.deepEqual(error.fields, ['shoeSize']);
        return true;
      },
    );
    await assert.rejects(
      collectAll(h.connector.read({ object: 'contact', pageSize: 10, incremental: { field: 'email' } })),
      { code: 'VALIDATION_FAILED' },
    );
    assert.equal(await suiteqlCalls(h), before);
  });

  test('a custom field the account does not have surfaces as VALIDATION_FAILED from SuiteQL', async () => {
    await assert.rejects(
      collectAll(h.connector.read({ object: 'contact', pageSize: 10, fields: ['custentity_not_there'] })),
      (error) =>
        error instanceof ConnectorError &&
        error.code === 'VALIDATION_FAILED' &&
        /custentity_not_there/.test(error.message),
    );
  });
});

describe('NetSuite connector: incremental read with many records modified in the same second', () => {
  test('ties on lastModifiedDate are broken by id across page boundaries', async () => {
    // One frozen second for every change (the clock also checks TBA timestamps, so it stays near now).
    const fixed = Math.floor(Date.now() / 1000) * 1000;
    const second = new Date(fixed).toISOString().replace('.000Z', 'Z');
    const h = await startHarness({ seed: generateSeed({ companies: 3, contacts: 12 }), clock: () => fixed });
    try {
      for (const id of ['5007', '5002', '5010', '5004', '5005'])
        await h.admin('PATCH', `/records/contact/${id}`, { title: 'Same second' });
      const pages = await collectAll(
        h.connector.read({
          object: 'contact',
          pageSize: 2,
          incremental: { field: 'lastModifiedDate', since: second },
        }),
      );
      assert.deepEqual(
        pages.map((page) => page.records.map((record) => record['id'])),
        [['5002', '5004'], ['5005', '5007'], ['5010']],
      );
      assert.ok(pages.every((page) => page.watermark === second));
    } finally {
      await h.close();
    }
  });
});

describe('NetSuite connector: lookup', () => {
  let h: ConnectorHarness;
  before(async () => {
    h = await startHarness({ seed: generateSeed({ companies: 3, contacts: 1300 }) });
  });
  after(() => h.close());

  test('many emails in one SuiteQL call, keyed by the requested value', async () => {
    const all = await h.admin<SourceRecord[]>('GET', '/records/contact');
    const wanted = all.slice(0, 150).map((record) => String(record['email']));
    const before = await suiteqlCalls(h);
    const found = await h.connector.lookup({
      object: 'contact',
      field: 'email',
      values: [...wanted, "o'brien@nowhere.example", 'ADA.LOVELACE.0@MAIL.EXAMPLE'],
      fields: ['id', 'email', 'company'],
    });
    assert.equal((await suiteqlCalls(h)) - before, 1);
    assert.equal(found.size, 150);
    for (const email of wanted) {
      const records = found.get(email) ?? [];
      assert.equal(records.length, 1);
      assert.equal(records[0]?.['email'], email);
      assert.deepEqual(Object.keys(records[0] ?? {}).sort(), ['company', 'email', 'id']);
    }
  });

  test('a reference field is compared by id and every page of a large result is read', async () => {
    const all = await h.admin<SourceRecord[]>('GET', '/records/contact');
    const found = await h.connector.lookup({
      object: 'contact',
      field: 'company',
      values: ['1000', '1001', '1002', 'x'],
    });
    const total = [...found.values()].reduce((sum, records) => sum + records.length, 0);
    const withCompany = all.filter((record) => record['company'] !== null);
    assert.ok(withCompany.length > 1000, 'needs more rows than one SuiteQL page');
    assert.equal(total, withCompany.length);
    for (const [key, records] of found)
      assert.ok(records.every((record) => (record['company'] as { id: string }).id === key));
    assert.equal(found.has('x'), false);
  });

  test('lookup by id and by externalId', async () => {
    const byId = await h.connector.lookup({
      object: 'customer',
      field: 'id',
      values: ['1001', '01002', '7'],
    });
    assert.deepEqual([...byId.keys()].sort(), ['01002', '1001']);
    assert.equal(byId.get('01002')?.[0]?.['id'], '1002');
    await h.admin('PATCH', '/records/customer/1000', { externalId: 'SF-ACC-1' });
    const byExternal = await h.connector.lookup({
      object: 'customer',
      field: 'externalId',
      values: ['SF-ACC-1', 'SF-ACC-2'],
    });
    assert.deepEqual([...byExternal.keys()], ['SF-ACC-1']);
  });
});
