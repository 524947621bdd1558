import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSeed } from '../src/shared/seed-data.ts';
import { errorCodeOf, startNetSuite, type NetSuiteHarness } from './helpers/netsuite-harness.ts';

describe('NetSuite emulator: SuiteQL', () => {
  let ns: NetSuiteHarness;
  const seed = generateSeed({ companies: 20, contacts: 60 });
  before(async () => {
    ns = await startNetSuite({ seed });
  });
  after(() => ns.close());

  test('a SuiteQL POST without Prefer: transient is refused', async () => {
    const result = await ns.suiteql('SELECT id FROM contact', {}, {});
    assert.equal(result.status, 400);
    assert.equal(result.body['o:errorDetails'][0]['o:errorHeader'], 'Prefer');
  });

  test('values come back as strings with lower-case columns; booleans T/F; dates in the account format; NULLs left out', async () => {
    const result = await ns.suiteql(
      'SELECT id, entityid, isperson, isinactive, companyname, lastmodifieddate, TO_CHAR(lastmodifieddate, \'YYYY-MM-DD"T"HH24:MI:SS\') AS modified, externalid FROM customer WHERE id = 1009',
    );
    assert.equal(result.status, 200);
    assert.deepEqual(result.body.items, [
      {
        links: [],
        id: '1009',
        entityid: 'CUST00010',
        isperson: 'F',
        isinactive: 'T',
        companyname: seed.customers[9]?.companyName,
        lastmodifieddate: '1/1/2026',
        modified: '2026-01-01T00:00:09',
      },
    ]);
  });

  test('limit/offset paging: hasMore, count, totalResults and links[rel=next] walk every row once', async () => {
    const ids: string[] = [];
    let href: string | undefined = `${ns.baseUrl}/services/rest/query/v1/suiteql?limit=7&offset=0`;
    let pages = 0;
    while (href !== undefined) {
      const url = new URL(href);
      const page = await ns.suiteql(
        'SELECT id FROM contact ORDER BY id DESC',
        Object.fromEntries(url.searchParams),
      );
      assert.equal(page.status, 200);
      assert.equal(page.body.totalResults, 60);
      assert.equal(page.body.count, page.body.items.length);
      ids.push(...page.body.items.map((item: { id: string }) => item.id));
      const next = page.body.links.find((link: { rel: string }) => link.rel === 'next');
      assert.equal(page.body.hasMore, next !== undefined);
      href = next?.href;
      pages += 1;
    }
    assert.equal(pages, 9);
    assert.deepEqual(
      ids,
      seed.contacts.map((contact) => contact.id).sort((a, b) => Number(b) - Number(a)),
    );
  });

  test('limit above 1000 or an offset that is not a multiple of limit is refused', async () => {
    const tooBig = await ns.suiteql('SELECT id FROM contact', { limit: 1001 });
    assert.equal(tooBig.status, 400);
    assert.equal(tooBig.body['o:errorDetails'][0]['o:errorQueryParam'], 'limit');
    assert.equal((await ns.suiteql('SELECT id FROM contact', { limit: 10, offset: 5 })).status, 400);
  });

  test('WHERE: TO_DATE comparisons, AND/OR, IN, IS NULL, LIKE, quotes in literals, ORDER BY', async () => {
    const since = await ns.suiteql(
      "SELECT id FROM contact WHERE lastmodifieddate >= TO_DATE('2026-01-01 00:01:15', 'YYYY-MM-DD HH24:MI:SS') ORDER BY lastmodifieddate, id",
    );
    // Contacts are stamped 20 s (companies) + index seconds after the base time.
    assert.deepEqual(
      since.body.items.map((item: { id: string }) => item.id),
      seed.contacts.slice(55).map((contact) => contact.id),
    );
    const withoutCompany = seed.contacts
      .filter((contact) => contact.companyId === undefined)
      .map((contact) => contact.id);
    const nulls = await ns.suiteql('SELECT id, company FROM contact WHERE company IS NULL ORDER BY id');
    assert.deepEqual(
      nulls.body.items,
      withoutCompany.map((id) => ({ links: [], id })),
    );
    const target = seed.contacts[3];
    const combined = await ns.suiteql(
      `SELECT c.id FROM contact c WHERE (c.email IN ('${target?.email}', 'o''brien@x.example') OR c.id = 5010) AND NOT c.id = 5011 ORDER BY 1`,
    );
    assert.deepEqual(
      combined.body.items.map((item: { id: string }) => item.id),
      [target?.id, '5010'],
    );
    // Text compared with a number column converts (Oracle implicit conversion); NOT IN with a number list.
    const mixed = await ns.suiteql(
      "SELECT id FROM contact WHERE id IN ('5001', 5002) AND id NOT IN (5002) ORDER BY id",
    );
    assert.deepEqual(mixed.body.items, [{ links: [], id: '5001' }]);
    const like = await ns.suiteql(
      "SELECT id FROM customer WHERE UPPER(companyname) LIKE 'ACME%' ORDER BY id",
    );
    assert.ok(like.body.items.length > 0);
    assert.deepEqual(
      like.body.items.map((item: { id: string }) => item.id),
      seed.customers
        .filter((customer) => !customer.isPerson && customer.companyName.startsWith('Acme'))
        .map((c) => c.id),
    );
  });

  test('an unknown column, an unknown table, bad syntax or a date that does not fit its format is a 400', async () => {
    const unknownColumn = await ns.suiteql('SELECT id, shoesize FROM contact');
    assert.equal(unknownColumn.status, 400);
    assert.equal(errorCodeOf(unknownColumn), 'INVALID_PARAMETER');
    assert.match(
      unknownColumn.body['o:errorDetails'][0].detail,
      /Field 'shoesize' for record 'contact' was not found/,
    );
    // Checked even when no row matches.
    assert.equal((await ns.suiteql('SELECT id FROM contact WHERE id = -1 AND bogus = 1')).status, 400);
    assert.match(
      (await ns.suiteql('SELECT id FROM invoice')).body['o:errorDetails'][0].detail,
      /Record 'invoice' was not found/,
    );
    assert.equal((await ns.suiteql('SELECT id FROM contact WHERE')).status, 400);
    assert.equal((await ns.suiteql("SELECT id FROM contact WHERE email = 'unterminated")).status, 400);
    const isoWithZ = await ns.suiteql(
      "SELECT id FROM contact WHERE lastmodifieddate >= TO_DATE('2026-01-01T00:00:00Z', 'YYYY-MM-DD HH24:MI:SS')",
    );
    assert.equal(isoWithZ.status, 400);
    const unquotedT = await ns.suiteql(
      "SELECT TO_CHAR(lastmodifieddate, 'YYYY-MM-DDTHH24:MI:SS') AS x FROM contact",
    );
    assert.equal(unquotedT.status, 400);
  });
});
