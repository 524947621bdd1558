import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { errorCodeOf, startNetSuite, type NetSuiteHarness } from './helpers/netsuite-harness.ts';

describe('NetSuite emulator: record API', () => {
  let ns: NetSuiteHarness;
  before(async () => {
    ns = await startNetSuite();
  });
  beforeEach(async () => {
    await ns.admin('POST', '/reset');
  });
  after(() => ns.close());

  const idFrom = (location: string | null) => location?.split('/').pop();

  test('GET returns the record with references as {links, id, refName} and empty fields left out', async () => {
    const result = await ns.call('/record/v1/contact/5000');
    assert.equal(result.status, 200);
    assert.match(
      result.headers.get('content-type') ?? '',
      /^application\/vnd\.oracle\.resource\+json; type=singular/,
    );
    const contact = ns.emulator.state.store.records.contact.get('5000');
    assert.equal(result.body.firstName, contact?.values['firstName']);
    assert.equal(result.body.company.id, contact?.values['company']);
    assert.match(result.body.company.refName, /^CUST\d{5} /);
    assert.equal(
      result.body.company.links[0].href,
      `${ns.baseUrl}/services/rest/record/v1/customer/${result.body.company.id}`,
    );
    assert.match(result.body.lastModifiedDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal('custentity_sf_contact_id' in result.body, false);
    assert.equal('externalId' in result.body, false);
  });

  test('unknown ids and record types are 404 with o:errorDetails', async () => {
    const missing = await ns.call('/record/v1/contact/99999');
    assert.equal(missing.status, 404);
    assert.equal(errorCodeOf(missing), 'NONEXISTENT_ID');
    assert.equal((await ns.call('/record/v1/salesOrder/1')).status, 404);
    const badFields = await ns.call('/record/v1/contact/5000', { query: { fields: 'firstName,shoeSize' } });
    assert.equal(badFields.status, 400);
    assert.equal(badFields.body['o:errorDetails'][0]['o:errorQueryParam'], 'fields');
  });

  test('POST creates: 204, no body, the new id only in Location', async () => {
    const created = await ns.call('/record/v1/contact', {
      method: 'POST',
      body: {
        firstName: 'Ada',
        lastName: 'Byron',
        email: 'ada@example.com',
        company: { id: '1000' },
        custentity_sf_contact_id: '003A',
      },
    });
    assert.equal(created.status, 204);
    assert.equal(created.body, undefined);
    const location = created.headers.get('location');
    assert.match(location ?? '', new RegExp(`^${ns.baseUrl}/services/rest/record/v1/contact/\\d+$`));
    const fetched = await ns.call(`/record/v1/contact/${idFrom(location)}`);
    assert.equal(fetched.body.entityId, 'Ada Byron');
    assert.equal(fetched.body.custentity_sf_contact_id, '003A');
    // A contact attached to a company takes the company's subsidiary.
    assert.equal(fetched.body.subsidiary.id, '1');
    assert.equal(fetched.body.dateCreated, fetched.body.lastModifiedDate);
  });

  test('validation errors are 400 with the NetSuite error code and o:errorPath', async () => {
    const cases: [string, unknown, string, string][] = [
      ['contact', { firstName: 'No', subsidiary: { id: '1' } }, 'USER_ERROR', 'lastName'],
      ['contact', { lastName: 'X', company: { id: '424242' } }, 'INVALID_CONTENT', 'company'],
      ['contact', { lastName: 'X', company: '1000' }, 'INVALID_CONTENT', 'company'],
      ['contact', { lastName: 'X', subsidiary: { id: '1' }, shoeSize: 44 }, 'INVALID_CONTENT', 'shoeSize'],
      [
        'contact',
        { lastName: 'X', subsidiary: { id: '1' }, lastModifiedDate: '2020-01-01T00:00:00Z' },
        'INVALID_CONTENT',
        'lastModifiedDate',
      ],
      ['contact', { lastName: 'X', subsidiary: { id: '1' }, email: 'not-an-email' }, 'USER_ERROR', 'email'],
      ['contact', { lastName: 'X' }, 'USER_ERROR', 'subsidiary'],
      ['customer', { subsidiary: { id: '1' } }, 'USER_ERROR', 'companyName'],
      ['customer', { companyName: 'Acme' }, 'USER_ERROR', 'subsidiary'],
      ['customer', { isPerson: true, firstName: 'Solo', subsidiary: { id: '1' } }, 'USER_ERROR', 'lastName'],
      [
        'customer',
        { companyName: 'Acme', subsidiary: { id: '1' }, externalId: 'has|pipe' },
        'INVALID_CONTENT',
        'externalId',
      ],
    ];
    for (const [type, body, code, path] of cases) {
      const result = await ns.call(`/record/v1/${type}`, { method: 'POST', body });
      assert.equal(result.status, 400, JSON.stringify(body));
      assert.equal(result.body.title, 'Bad Request');
      assert.equal(errorCodeOf(result), code, JSON.stringify(body));
      assert.equal(result.body['o:errorDetails'][0]['o:errorPath'], path, JSON.stringify(body));
    }
    const notJson = await ns.call('/record/v1/contact', {
      method: 'POST',
      body: '{"lastName":',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(notJson.status, 400);
    assert.equal(errorCodeOf(notJson), 'INVALID_CONTENT');
  });

  test('PATCH updates only the given fields, null clears, and lastModifiedDate moves', async () => {
    const before = ns.emulator.state.store.records.contact.get('5001')?.values;
    const result = await ns.call('/record/v1/contact/5001', {
      method: 'PATCH',
      body: { custentity_sf_contact_id: '003XYZ', title: null },
    });
    assert.equal(result.status, 204);
    assert.match(result.headers.get('location') ?? '', /\/record\/v1\/contact\/5001$/);
    const after = ns.emulator.state.store.records.contact.get('5001')?.values;
    assert.equal(after?.['custentity_sf_contact_id'], '003XYZ');
    assert.equal(after?.['title'], null);
    assert.equal(after?.['email'], before?.['email']);
    assert.ok(Number(after?.['lastModifiedDate']) > Date.parse('2026-01-02T00:00:00Z'));
    const cleared = await ns.call('/record/v1/contact/5001', { method: 'PATCH', body: { lastName: null } });
    assert.equal(errorCodeOf(cleared), 'USER_ERROR');
    assert.equal(
      (await ns.call('/record/v1/contact/424242', { method: 'PATCH', body: { title: 'X' } })).status,
      404,
    );
  });

  test('PUT eid: creates once, then updates the same record; GET and PATCH take eid: too', async () => {
    const first = await ns.call('/record/v1/customer/eid:SF-001', {
      method: 'PUT',
      body: { companyName: 'Upserted Inc', subsidiary: { id: '2' } },
    });
    assert.equal(first.status, 204);
    const id = idFrom(first.headers.get('location'));
    const second = await ns.call('/record/v1/customer/eid:SF-001', {
      method: 'PUT',
      body: { phone: '+1 555 0000' },
    });
    assert.equal(second.status, 204);
    assert.equal(idFrom(second.headers.get('location')), id);
    const fetched = await ns.call('/record/v1/customer/eid:SF-001');
    assert.deepEqual(
      [
        fetched.body.id,
        fetched.body.externalId,
        fetched.body.companyName,
        fetched.body.phone,
        fetched.body.subsidiary.refName,
      ],
      [id, 'SF-001', 'Upserted Inc', '+1 555 0000', 'Honeycomb Mfg.'],
    );
    assert.equal(
      (await ns.call('/record/v1/customer/eid:SF-001', { method: 'PATCH', body: { phone: '1' } })).status,
      204,
    );
    const withoutEid = await ns.call(`/record/v1/customer/${id}`, { method: 'PUT', body: { phone: '2' } });
    assert.equal(withoutEid.status, 400);
    const mismatch = await ns.call('/record/v1/customer/eid:SF-002', {
      method: 'PUT',
      body: { companyName: 'X', subsidiary: { id: '1' }, externalId: 'SF-003' },
    });
    assert.equal(mismatch.status, 400);
    const duplicate = await ns.call('/record/v1/customer', {
      method: 'POST',
      body: { companyName: 'Dup', subsidiary: { id: '1' }, externalId: 'SF-001' },
    });
    assert.equal(errorCodeOf(duplicate), 'DUP_RCRD');
  });

  test('DELETE answers 204, then the record is gone', async () => {
    assert.equal((await ns.call('/record/v1/contact/5002', { method: 'DELETE' })).status, 204);
    assert.equal((await ns.call('/record/v1/contact/5002')).status, 404);
  });

  test('the collection lists ids and links with limit/offset paging and a q filter', async () => {
    const page = await ns.call('/record/v1/contact', { query: { limit: 10, offset: 20 } });
    assert.equal(page.status, 200);
    assert.deepEqual(
      [page.body.count, page.body.offset, page.body.hasMore, page.body.totalResults],
      [10, 20, true, 60],
    );
    assert.deepEqual(page.body.items[0], {
      links: [{ rel: 'self', href: `${ns.baseUrl}/services/rest/record/v1/contact/5020` }],
      id: '5020',
    });
    const rels = page.body.links.map((link: { rel: string }) => link.rel);
    assert.deepEqual(rels, ['previous', 'first', 'next', 'last', 'self']);
    const filtered = await ns.call('/record/v1/contact', { query: { q: 'company ANY_OF 1000' } });
    assert.equal(filtered.status, 400);
    const byEmail = await ns.call('/record/v1/contact', {
      query: { q: `email START_WITH "ada." AND lastModifiedDate ON_OR_AFTER "2026-01-01"` },
    });
    const expected = [...ns.emulator.state.store.records.contact.values()].filter((record) =>
      String(record.values['email']).startsWith('ada.'),
    );
    assert.deepEqual(
      byEmail.body.items.map((item: { id: string }) => item.id),
      expected.map((record) => record.id),
    );
    assert.ok(expected.length > 0);
    assert.equal((await ns.call('/record/v1/contact', { query: { limit: 1001 } })).status, 400);
  });
});
