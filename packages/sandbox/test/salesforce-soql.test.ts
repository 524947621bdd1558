import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SalesforceApiError } from '../src/salesforce/api-errors.ts';
import { RecordStore } from '../src/salesforce/record-store.ts';
import { ACCOUNT, CONTACT } from '../src/salesforce/sobject-schema.ts';
import { executeSoql } from '../src/salesforce/soql-executor.ts';
import { parseSoql } from '../src/salesforce/soql-parser.ts';
import { q, startSalesforce, type SalesforceHarness } from './salesforce-support.ts';

function storeWithContacts(): RecordStore {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const store = new RecordStore(() => now);
  const account = store.create(ACCOUNT, { Name: 'Acme' });
  const rows = [
    {
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Email: 'Ada@Example.com',
      Title: 'CEO',
      AccountId: account['Id'],
    },
    { FirstName: 'Grace', LastName: 'Hopper', Email: 'grace@example.com', Title: null },
    { FirstName: "O'Neil", LastName: 'Back\\slash', Email: null, Title: 'CFO' },
    {
      FirstName: 'Alan',
      LastName: 'Turing',
      Email: 'alan@example.org',
      Title: 'Engineer',
      AccountId: account['Id'],
    },
  ];
  for (const row of rows) {
    store.create(CONTACT, row);
    now += 1000;
  }
  return store;
}

function run(store: RecordStore, soql: string, all = false): Record<string, unknown>[] {
  return executeSoql(store, parseSoql(soql), all).records;
}

function lastNames(store: RecordStore, soql: string): string[] {
  return run(store, soql).map((r) => String(r['LastName']));
}

function rejects(store: RecordStore, soql: string, errorCode: string, text: RegExp): void {
  assert.throws(
    () => executeSoql(store, parseSoql(soql), false),
    (error: unknown) => {
      assert.ok(error instanceof SalesforceApiError);
      assert.equal(error.errorCode, errorCode);
      assert.match(error.message, text);
      return true;
    },
  );
}

describe('SOQL subset', () => {
  const store = storeWithContacts();

  it('compares text case-insensitively, as SOQL does', () => {
    assert.deepEqual(lastNames(store, "SELECT Id, LastName FROM Contact WHERE Email = 'ada@example.COM'"), [
      'Lovelace',
    ]);
    assert.deepEqual(
      lastNames(store, "select lastname from CONTACT where firstname in ('ADA', 'alan') order by lastname"),
      ['Lovelace', 'Turing'],
    );
  });

  it('treats null like SOQL: = null, != null, and != value includes nulls', () => {
    assert.deepEqual(lastNames(store, 'SELECT LastName FROM Contact WHERE Email = null'), ['Back\\slash']);
    assert.equal(lastNames(store, 'SELECT LastName FROM Contact WHERE Email != null').length, 3);
    assert.deepEqual(
      lastNames(store, "SELECT LastName FROM Contact WHERE Title != 'CEO' ORDER BY LastName"),
      ['Back\\slash', 'Hopper', 'Turing'],
    );
    assert.deepEqual(
      lastNames(store, "SELECT LastName FROM Contact WHERE Title IN ('CFO', null) ORDER BY LastName"),
      ['Back\\slash', 'Hopper'],
    );
  });

  it('combines AND, OR, NOT and parentheses with the usual precedence', () => {
    assert.deepEqual(
      lastNames(
        store,
        "SELECT LastName FROM Contact WHERE FirstName = 'Ada' OR FirstName = 'Alan' AND Title = 'CEO'",
      ),
      ['Lovelace'],
    );
    assert.deepEqual(
      lastNames(
        store,
        "SELECT LastName FROM Contact WHERE (FirstName = 'Ada' OR FirstName = 'Alan') AND NOT Title = 'CEO'",
      ),
      ['Turing'],
    );
    assert.deepEqual(
      lastNames(store, "SELECT LastName FROM Contact WHERE FirstName NOT IN ('Ada', 'Alan', 'Grace')"),
      ['Back\\slash'],
    );
  });

  it('decodes escaped quotes and backslashes in string literals', () => {
    assert.deepEqual(lastNames(store, "SELECT LastName FROM Contact WHERE FirstName = 'O\\'Neil'"), [
      'Back\\slash',
    ]);
    assert.deepEqual(lastNames(store, "SELECT LastName FROM Contact WHERE LastName = 'Back\\\\slash'"), [
      'Back\\slash',
    ]);
    assert.throws(
      () => parseSoql("SELECT Id FROM Contact WHERE LastName = 'a\\q'"),
      /Illegal character sequence/,
    );
  });

  it('matches LIKE with % and _ wildcards', () => {
    assert.deepEqual(
      lastNames(store, "SELECT LastName FROM Contact WHERE Email LIKE '%@example.com' ORDER BY LastName"),
      ['Hopper', 'Lovelace'],
    );
    assert.deepEqual(lastNames(store, "SELECT LastName FROM Contact WHERE FirstName LIKE 'A_a'"), [
      'Lovelace',
    ]);
  });

  it('compares datetimes with unquoted literals, including offsets', () => {
    assert.deepEqual(
      lastNames(
        store,
        'SELECT LastName FROM Contact WHERE SystemModstamp >= 2026-01-01T00:00:02Z ORDER BY SystemModstamp',
      ),
      ['Back\\slash', 'Turing'],
    );
    assert.deepEqual(
      lastNames(store, 'SELECT LastName FROM Contact WHERE CreatedDate < 2026-01-01T01:00:01+01:00'),
      ['Lovelace'],
    );
    assert.deepEqual(
      lastNames(store, 'SELECT LastName FROM Contact WHERE LastModifiedDate > 2026-01-01T00:00:02.500Z'),
      ['Turing'],
    );
  });

  it('refuses literals of the wrong type with Salesforce messages', () => {
    rejects(
      store,
      "SELECT Id FROM Contact WHERE SystemModstamp > '2026-01-01T00:00:00Z'",
      'INVALID_FIELD',
      /must be of type dateTime and should not be enclosed in quotes/,
    );
    rejects(
      store,
      'SELECT Id FROM Contact WHERE Email = 5',
      'INVALID_FIELD',
      /must be of type string and should be enclosed in quotes/,
    );
    rejects(store, 'SELECT Id FROM Contact WHERE IsDeleted = 1', 'INVALID_FIELD', /type boolean/);
    rejects(
      store,
      "SELECT Id FROM Contact WHERE AccountId = 'nope'",
      'INVALID_QUERY_FILTER_OPERATOR',
      /invalid ID field: nope/,
    );
  });

  it('names unknown fields and objects, with row and column', () => {
    rejects(
      store,
      'SELECT Id, Nickname__c FROM Contact',
      'INVALID_FIELD',
      /ERROR at Row:1:Column:12\nNo such column 'Nickname__c' on entity 'Contact'/,
    );
    rejects(store, 'SELECT Id FROM Contact ORDER BY Shoe', 'INVALID_FIELD', /No such column 'Shoe'/);
    rejects(
      store,
      'SELECT Id FROM Contact WHERE Account.Name = null',
      'INVALID_FIELD',
      /relationship 'Account'/,
    );
    rejects(store, 'SELECT Id FROM Lead', 'INVALID_TYPE', /sObject type 'Lead' is not supported/);
  });

  it('reports malformed queries as MALFORMED_QUERY', () => {
    for (const soql of [
      'SELECT Id FORM Contact',
      'SELECT FROM Contact',
      'SELECT Id FROM Contact WHERE',
      'SELECT Id, Id FROM Contact',
      "SELECT Id FROM Contact WHERE Email = 'open",
    ]) {
      assert.throws(
        () => parseSoql(soql),
        (error: unknown) => error instanceof SalesforceApiError && error.errorCode === 'MALFORMED_QUERY',
        soql,
      );
    }
    assert.throws(
      () => parseSoql('SELECT Id FORM Contact'),
      /\nSELECT Id FORM Contact\n {10}\^\nERROR at Row:1:Column:11\nunexpected token: 'FORM'/,
    );
  });

  it('orders by several fields with direction and null placement, then applies OFFSET and LIMIT', () => {
    assert.deepEqual(
      lastNames(store, 'SELECT LastName FROM Contact ORDER BY Title DESC NULLS LAST, LastName'),
      ['Turing', 'Back\\slash', 'Lovelace', 'Hopper'],
    );
    assert.deepEqual(lastNames(store, 'SELECT LastName FROM Contact ORDER BY Title DESC NULLS FIRST'), [
      'Hopper',
      'Turing',
      'Back\\slash',
      'Lovelace',
    ]);
    assert.deepEqual(lastNames(store, 'SELECT LastName FROM Contact ORDER BY Title, LastName LIMIT 2'), [
      'Hopper',
      'Lovelace',
    ]);
    assert.deepEqual(lastNames(store, 'SELECT LastName FROM Contact ORDER BY LastName LIMIT 2 OFFSET 1'), [
      'Hopper',
      'Lovelace',
    ]);
  });

  it('counts with COUNT()', () => {
    const result = executeSoql(
      store,
      parseSoql("SELECT COUNT() FROM Contact WHERE Email LIKE '%example%'"),
      false,
    );
    assert.equal(result.fields, undefined);
    assert.equal(result.records.length, 3);
  });

  it('sees deleted records only in queryAll', () => {
    const local = storeWithContacts();
    const [first] = run(local, "SELECT Id FROM Contact WHERE LastName = 'Hopper'");
    local.delete(String(first?.['Id']));
    assert.equal(run(local, 'SELECT Id FROM Contact').length, 3);
    const all = run(local, 'SELECT Id, IsDeleted FROM Contact WHERE IsDeleted = true', true);
    assert.equal(all.length, 1);
  });
});

describe('SOQL over HTTP: batches and query locators', () => {
  let sf: SalesforceHarness;
  let token: string;

  before(async () => {
    sf = await startSalesforce({ queryBatchSize: 250 });
    for (let i = 0; i < 600; i++)
      sf.emulator.state.createRecord('Contact', { LastName: `Paging ${String(i).padStart(3, '0')}` });
    token = await sf.token();
  });
  after(() => sf.close());

  interface QueryBody {
    totalSize: number;
    done: boolean;
    nextRecordsUrl?: string;
    records: {
      attributes: { type: string; url: string };
      Id: string;
      LastName: string;
      SystemModstamp?: string;
    }[];
  }

  it('serves results in batches via nextRecordsUrl until done', async () => {
    const soql =
      "SELECT Id, LastName, SystemModstamp FROM Contact WHERE LastName LIKE 'Paging%' ORDER BY LastName";
    const first = await sf.call<QueryBody>('GET', `${sf.api()}/query${q(soql)}`, {
      token,
      headers: { 'sforce-query-options': 'batchSize=200' },
    });
    assert.equal(first.status, 200);
    assert.match(first.headers.get('sforce-limit-info') ?? '', /^api-usage=\d+\/15000$/);
    assert.equal(first.body.totalSize, 600);
    assert.equal(first.body.done, false);
    assert.equal(first.body.records.length, 200);
    assert.deepEqual(first.body.records[0]?.attributes, {
      type: 'Contact',
      url: `/services/data/v62.0/sobjects/Contact/${first.body.records[0]?.Id}`,
    });
    assert.match(first.body.records[0]?.SystemModstamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000\+0000$/);
    assert.match(first.body.nextRecordsUrl ?? '', /^\/services\/data\/v62\.0\/query\/01g\w{15}-200$/);

    const names = first.body.records.map((r) => r.LastName);
    let next = first.body.nextRecordsUrl;
    let batches = 1;
    while (next !== undefined) {
      const page = await sf.call<QueryBody>('GET', next, { token });
      names.push(...page.body.records.map((r) => r.LastName));
      next = page.body.nextRecordsUrl;
      batches += 1;
      if (page.body.done) assert.equal(next, undefined);
    }
    assert.equal(batches, 3);
    assert.deepEqual(
      names,
      Array.from({ length: 600 }, (_, i) => `Paging ${String(i).padStart(3, '0')}`),
    );
  });

  it('caps the batch at the configured size and keeps the requested minimum of 200', async () => {
    const soql = "SELECT Id FROM Contact WHERE LastName LIKE 'Paging%'";
    const big = await sf.call<QueryBody>('GET', `${sf.api()}/query${q(soql)}`, { token });
    assert.equal(big.body.records.length, 250, 'default 2000, capped by queryBatchSize 250');
    const small = await sf.call<QueryBody>('GET', `${sf.api()}/query${q(soql)}`, {
      token,
      headers: { 'sforce-query-options': 'batchSize=10' },
    });
    assert.equal(small.body.records.length, 200, 'Salesforce raises batch sizes below 200 to 200');
  });

  it('refuses an unknown locator, and a query without q', async () => {
    const bad = await sf.call('GET', `${sf.api()}/query/01gHs00000000zzAAA-200`, { token });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body, [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
    const none = await sf.call<{ errorCode: string }[]>('GET', `${sf.api()}/query`, { token });
    assert.equal(none.body[0]?.errorCode, 'MALFORMED_QUERY');
  });

  it('answers a malformed query over HTTP with 400 and the error array', async () => {
    const bad = await sf.call<{ errorCode: string; message: string }[]>(
      'GET',
      `${sf.api()}/query${q('SELECT Id FROM Contact WHERE Name ==')}`,
      { token },
    );
    assert.equal(bad.status, 400);
    assert.equal(bad.body[0]?.errorCode, 'MALFORMED_QUERY');
    assert.match(bad.body[0]?.message ?? '', /ERROR at Row:1:Column:/);
  });
});
