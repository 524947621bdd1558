import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { collectAll, ConnectorError, type ReadPage, type SourceRecord } from '@flowsync/connector-sdk';
import { QUERY, QUERY_MORE, startHarness, type Harness } from './salesforce-harness.ts';

const ids = (pages: ReadPage[]): string[] => pages.flatMap((p) => p.records.map((r) => String(r['Id'])));

describe('Salesforce connector: read', () => {
  let h: Harness;
  let now = Date.parse('2026-04-01T12:00:00Z');
  const created: SourceRecord[] = [];

  before(async () => {
    h = await startHarness({ queryBatchSize: 5, clock: () => now });
    // Twelve contacts, three per second, so that timestamps tie and ids must break the ties.
    for (let i = 0; i < 12; i++) {
      if (i % 3 === 0) now += 1000;
      created.push(
        h.emulator.state.createRecord('Contact', {
          LastName: `Reader ${i}`,
          FirstName: i % 2 === 0 ? `O'Even ${i}` : null,
          Email: `reader.${i}@read.example`,
          Title: i % 4 === 0 ? null : 'Buyer',
        }),
      );
    }
    now += 60_000;
  });
  after(() => h.close());

  it('reads everything in Salesforce batches, with describe fields and nextRecordsUrl cursors', async () => {
    const pages = await collectAll(h.connector.read({ object: 'Contact', pageSize: 200 }));
    assert.deepEqual(
      pages.map((p) => p.records.length),
      [5, 5, 4],
    );
    assert.match(pages[0]?.cursor ?? '', /^\/services\/data\/v62\.0\/query\/01g\w+-5$/);
    assert.equal(pages[2]?.cursor, undefined);
    const first = pages[0]?.records[0] ?? {};
    assert.equal('attributes' in first, false);
    for (const field of ['Id', 'LastName', 'MailingCity', 'Ext_Id__c', 'SystemModstamp'])
      assert.ok(field in first, field);
    const all = ids(pages);
    assert.equal(new Set(all).size, 14);
    assert.deepEqual(all, [...all].sort(), 'ordered by Id');
  });

  it('reads incrementally from an inclusive watermark, ordered by time then id, and reports the watermark', async () => {
    const tied = created.slice(3, 6).map((r) => String(r['Id']));
    const since = new Date(created[3]?.['SystemModstamp'] as number).toISOString();
    const pages = await collectAll(
      h.connector.read({
        object: 'Contact',
        fields: ['Id', 'LastName'],
        incremental: { field: 'SystemModstamp', since },
        pageSize: 200,
      }),
    );
    const read = ids(pages);
    assert.deepEqual(read.slice(0, 3), tied, 'the records stamped exactly at the watermark are included');
    assert.equal(read.length, 9);
    assert.ok('SystemModstamp' in (pages[0]?.records[0] ?? {}), 'the incremental field is always selected');
    const last = created[11]?.['SystemModstamp'] as number;
    assert.equal(pages.at(-1)?.watermark, new Date(last).toISOString());
    const stamps = pages.flatMap((p) =>
      p.records.map((r) => Date.parse(String(r['SystemModstamp']).replace('+0000', 'Z'))),
    );
    assert.deepEqual(
      stamps,
      [...stamps].sort((a, b) => a - b),
    );
  });

  it('ends an incremental read at `until` (inclusive, to the second)', async () => {
    const since = new Date(created[3]?.['SystemModstamp'] as number).toISOString();
    // The stamp of created[6..8] plus milliseconds: the bound is rounded down to that second.
    const until = new Date((created[6]?.['SystemModstamp'] as number) + 400).toISOString();
    const pages = await collectAll(
      h.connector.read({
        object: 'Contact',
        fields: ['Id'],
        incremental: { field: 'SystemModstamp', since, until },
        pageSize: 200,
      }),
    );
    assert.deepEqual(
      ids(pages),
      created.slice(3, 9).map((r) => String(r['Id'])),
    );
  });

  it('accepts a watermark in Salesforce’s own format and with milliseconds', async () => {
    const stamp = created[9]?.['SystemModstamp'] as number;
    const salesforceFormat = new Date(stamp).toISOString().replace('Z', '+0000');
    const withMillis = new Date(stamp + 400).toISOString();
    for (const since of [salesforceFormat, withMillis]) {
      const pages = await collectAll(
        h.connector.read({
          object: 'Contact',
          fields: ['Id'],
          incremental: { field: 'SystemModstamp', since },
          pageSize: 200,
        }),
      );
      assert.deepEqual(
        ids(pages),
        created.slice(9).map((r) => String(r['Id'])),
        since,
      );
    }
  });

  it('resumes from a cursor without repeating or skipping records', async () => {
    const full = ids(
      await collectAll(h.connector.read({ object: 'Contact', fields: ['Id'], pageSize: 200 })),
    );
    const pages = h.connector.read({ object: 'Contact', fields: ['Id'], pageSize: 200 });
    const iterator = pages[Symbol.asyncIterator]();
    const first = await iterator.next();
    assert.equal(first.done, false);
    const page = first.value as ReadPage;
    await iterator.return?.();
    const rest = await collectAll(
      h.connector.read({ object: 'Contact', fields: ['Id'], pageSize: 200, cursor: page.cursor ?? '' }),
    );
    assert.deepEqual([...page.records.map((r) => String(r['Id'])), ...ids(rest)], full);
    await assert.rejects(
      collectAll(
        h.connector.read({ object: 'Contact', pageSize: 200, cursor: 'https://evil.example/steal' }),
      ),
      (error: unknown) => error instanceof ConnectorError && error.code === 'VALIDATION_FAILED',
    );
  });

  it('reads selected ids in several queries and resumes an ids read', async () => {
    const many = Array.from({ length: 230 }, (_, i) =>
      String(h.emulator.state.createRecord('Contact', { LastName: `Bulk ${i}` })['Id']),
    );
    try {
      const wanted = [...many, '003Hs0000000zzzAAA'];
      const before = h.calls(QUERY);
      const pages = await collectAll(
        h.connector.read({ object: 'Contact', fields: ['Id', 'LastName'], ids: wanted, pageSize: 200 }),
      );
      assert.equal(h.calls(QUERY) - before, 2, '230 ids take two queries of at most 200');
      assert.deepEqual(new Set(ids(pages)), new Set(many));
      assert.ok(pages.slice(0, -1).every((p) => p.cursor?.startsWith('ids:')));
      assert.equal(pages.at(-1)?.cursor, undefined);

      // Stop after the first page, as a failed run would, and resume from its cursor.
      const partial = h.connector.read({ object: 'Contact', fields: ['Id'], ids: wanted, pageSize: 200 });
      const iterator = partial[Symbol.asyncIterator]();
      const first = (await iterator.next()).value as ReadPage;
      await iterator.return?.();
      assert.match(first.cursor ?? '', /^ids:0:\/services\/data\//);
      const resumed = await collectAll(
        h.connector.read({
          object: 'Contact',
          fields: ['Id'],
          ids: wanted,
          pageSize: 200,
          cursor: first.cursor ?? '',
        }),
      );
      const all = [...first.records.map((r) => String(r['Id'])), ...ids(resumed)];
      assert.equal(all.length, 230, 'nothing read twice');
      assert.deepEqual(new Set(all), new Set(many));
      const second = await collectAll(
        h.connector.read({ object: 'Contact', fields: ['Id'], ids: wanted, pageSize: 200, cursor: 'ids:1:' }),
      );
      assert.equal(ids(second).length, 30, 'a cursor at the second id group reads only that group');
    } finally {
      for (const id of many) h.emulator.state.store.delete(id);
    }
  });

  it('applies filters with literals of each field’s type and escapes text', async () => {
    const read = async (filters: Parameters<Harness['connector']['read']>[0]['filters']) =>
      ids(
        await collectAll(h.connector.read({ object: 'Contact', fields: ['Id'], filters, pageSize: 200 })),
      ).sort();
    const idOf = (i: number) => String(created[i]?.['Id']);
    assert.deepEqual(await read([{ field: 'FirstName', op: 'eq', value: "O'Even 4" }]), [idOf(4)]);
    assert.deepEqual(
      await read([{ field: 'Email', op: 'in', value: ['reader.1@read.example', 'READER.2@read.example'] }]),
      [idOf(1), idOf(2)].sort(),
    );
    assert.deepEqual(await read([{ field: 'Email', op: 'in', value: [] }]), []);
    const afterSeed = new Date(created[0]?.['CreatedDate'] as number).toISOString();
    const nullTitles = await read([
      { field: 'Title', op: 'isNull' },
      { field: 'Email', op: 'isNotNull' },
      { field: 'CreatedDate', op: 'gte', value: afterSeed },
    ]);
    assert.deepEqual(nullTitles, [idOf(0), idOf(4), idOf(8)].sort());
    const since = new Date(created[10]?.['SystemModstamp'] as number).toISOString();
    assert.deepEqual(
      await read([{ field: 'SystemModstamp', op: 'gte', value: since }]),
      [idOf(9), idOf(10), idOf(11)].sort(),
    );
    assert.deepEqual(
      await read([
        { field: 'IsDeleted', op: 'eq', value: false },
        { field: 'LastName', op: 'eq', value: 'Reader 7' },
      ]),
      [idOf(7)],
    );
  });

  it('refreshes an expired session between pages without losing a record', async () => {
    const tokensBefore = h.emulator.state.tokens.size;
    const seen: string[] = [];
    let page = 0;
    for await (const result of h.connector.read({ object: 'Contact', fields: ['Id'], pageSize: 200 })) {
      seen.push(...result.records.map((r) => String(r['Id'])));
      page += 1;
      if (page === 1) {
        now += 1000;
        await h.admin('POST', '/faults', { expireTokens: true });
        now += 1000;
      }
    }
    assert.equal(seen.length, 14);
    assert.equal(new Set(seen).size, 14);
    assert.equal(h.emulator.state.tokens.size, tokensBefore + 1, 'exactly one new token');
  });

  it('surfaces 403 REQUEST_LIMIT_EXCEEDED as retryable RATE_LIMITED, and 503 as retryable SERVER_ERROR', async () => {
    await h.admin('POST', '/faults', { rateLimitNext: 1 });
    await assert.rejects(
      collectAll(h.connector.read({ object: 'Contact', fields: ['Id'], pageSize: 200 })),
      (error: unknown) => {
        assert.ok(error instanceof ConnectorError);
        assert.equal(error.code, 'RATE_LIMITED');
        assert.equal(error.retryable, true);
        assert.equal(error.status, 403);
        assert.equal(error.vendorCode, 'REQUEST_LIMIT_EXCEEDED');
        return true;
      },
    );
    await h.admin('POST', '/faults', { failNext: 1 });
    const more = h.calls(QUERY_MORE);
    await assert.rejects(
      collectAll(h.connector.read({ object: 'Contact', fields: ['Id'], pageSize: 200 })),
      (error: unknown) => {
        assert.ok(error instanceof ConnectorError);
        assert.equal(error.code, 'SERVER_ERROR');
        assert.equal(error.retryable, true);
        return true;
      },
    );
    assert.equal(h.calls(QUERY_MORE), more);
  });

  it('reports a bad field as non-retryable TARGET_VALIDATION with Salesforce’s message', async () => {
    await assert.rejects(
      collectAll(h.connector.read({ object: 'Contact', fields: ['Id', 'Shoe__c'], pageSize: 200 })),
      (error: unknown) => {
        assert.ok(error instanceof ConnectorError);
        assert.equal(error.code, 'TARGET_VALIDATION');
        assert.equal(error.retryable, false);
        assert.match(error.message, /INVALID_FIELD: .*No such column 'Shoe__c'/s);
        return true;
      },
    );
    await assert.rejects(
      collectAll(h.connector.read({ object: 'Contact; DROP', pageSize: 200 })),
      /VALIDATION_FAILED|Not a valid Salesforce object name/,
    );
  });
});
