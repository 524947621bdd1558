// `POST /api/connections/:name/objects/:object/sample`: the first records of an object as a flow's
// trigger reads them, for the editor's criteria and mapping previews; read from a sandbox system.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '@flowsync/sandbox';
import type { Role } from '@flowsync/store';
import { createTestApp, type TestApp } from './support/test-app.ts';

interface SampleBody {
  object: string;
  idField: string;
  records: Record<string, unknown>[];
}
interface ErrorBody {
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
}

let t: TestApp;
let sandbox: Sandbox;

const sample = (role: Role, payload: unknown, url = '/api/connections/netsuite/objects/customer/sample') =>
  t.as(role, { method: 'POST', url, payload: payload as object });

before(async () => {
  [t, sandbox] = await Promise.all([
    createTestApp(),
    startSandbox({ seed: { companies: 40, contacts: 12 } }),
  ]);
  const created = await t.as('admin', {
    method: 'PUT',
    url: '/api/connections/netsuite',
    payload: sandbox.netsuite.connection(),
  });
  assert.equal(created.statusCode, 201, created.body);
});
after(async () => {
  await t.close();
  await sandbox.close();
});

describe('sample records', () => {
  test('returns the object’s records with its id field, the trigger’s filters and fields applied', async () => {
    const response = await sample('analyst', {
      fields: ['companyName', 'isInactive'],
      filters: [{ field: 'isInactive', op: 'eq', value: true }],
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json<SampleBody>();
    assert.equal(body.object, 'customer');
    assert.equal(body.idField, 'id');

    const inactive = sandbox.seed.customers.filter((c) => c.isInactive);
    assert.ok(inactive.length >= 3, 'the seed has inactive customers to find');
    assert.deepEqual(body.records.map((r) => String(r['id'])).sort(), inactive.map((c) => c.id).sort());
    for (const record of body.records) {
      assert.equal(record['isInactive'], true);
      assert.equal(record['email'], undefined, 'only the named fields (and the id) are read');
      const seeded = inactive.find((c) => c.id === String(record['id']));
      assert.equal(record['companyName'], seeded?.companyName);
    }

    const unfiltered = await sample('integrator', {});
    assert.equal(unfiltered.statusCode, 200, unfiltered.body);
    const all = unfiltered.json<SampleBody>().records;
    assert.equal(all.length, sandbox.seed.customers.length, 'no filters: every record, up to the limit');
    assert.ok(all.some((r) => r['isInactive'] === false));
    assert.equal(typeof all[0]?.['email'], 'string', 'no fields named: every field');
  });

  test('reads no more than the limit, 200 when not given', async () => {
    const five = await sample('admin', { limit: 5 });
    assert.equal(five.statusCode, 200, five.body);
    const records = five.json<SampleBody>().records;
    assert.equal(records.length, 5);
    assert.deepEqual(
      records.map((r) => String(r['id'])),
      sandbox.seed.customers.slice(0, 5).map((c) => c.id),
      'the first records, in the trigger’s order',
    );

    // A bigger sandbox than the default limit: contacts.
    const many = await startSandbox({ seed: { companies: 2, contacts: 230 } });
    try {
      const put = await t.as('admin', {
        method: 'PUT',
        url: '/api/connections/many',
        payload: many.netsuite.connection(),
      });
      assert.equal(put.statusCode, 201, put.body);
      const url = '/api/connections/many/objects/contact/sample';
      const byDefault = await sample('analyst', {}, url);
      assert.equal(byDefault.statusCode, 200, byDefault.body);
      assert.equal(byDefault.json<SampleBody>().records.length, 200);
      const upTo = await sample('analyst', { limit: 500 }, url);
      assert.equal(upTo.json<SampleBody>().records.length, 230);
    } finally {
      await many.close();
    }
  });

  test('viewers may not read record data; anonymous callers are not signed in', async () => {
    const viewer = await sample('viewer', { limit: 5 });
    assert.equal(viewer.statusCode, 403);
    assert.equal(viewer.json<ErrorBody>().code, 'FORBIDDEN');
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/connections/netsuite/objects/customer/sample',
      payload: {},
    });
    assert.equal(anonymous.statusCode, 401);
  });

  test('an unknown connection is 404; an object the system does not have is a client error', async () => {
    const unknown = await sample('analyst', {}, '/api/connections/nowhere/objects/customer/sample');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json<ErrorBody>().code, 'NOT_FOUND');
    assert.match(unknown.json<ErrorBody>().message, /nowhere/);

    const object = await sample('analyst', {}, '/api/connections/netsuite/objects/invoice/sample');
    assert.equal(object.statusCode, 400, object.body);
    assert.match(object.json<ErrorBody>().message, /invoice/);
  });

  test('a bad body is refused with 400 naming the field', async () => {
    const cases: [string, unknown, string][] = [
      ['limit too large', { limit: 501 }, '/body/limit'],
      ['limit zero', { limit: 0 }, '/body/limit'],
      ['limit not a number', { limit: 'all' }, '/body/limit'],
      [
        'unknown filter operator',
        { filters: [{ field: 'email', op: 'like', value: 'x' }] },
        '/body/filters/0/op',
      ],
      ['fields not a list', { fields: 'email' }, '/body/fields'],
      ['an unknown property', { order: 'desc' }, '/body/order'],
    ];
    for (const [name, payload, path] of cases) {
      const response = await sample('analyst', payload);
      assert.equal(response.statusCode, 400, `${name}: ${response.body}`);
      const error = response.json<ErrorBody>();
      assert.equal(error.code, 'VALIDATION_FAILED', name);
      assert.ok(
        error.issues?.some((i) => i.path === path),
        `${name}: ${path} not in ${JSON.stringify(error.issues)}`,
      );
    }
  });
});
