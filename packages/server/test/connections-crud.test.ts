import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { startSandbox, type Sandbox } from '@flowsync/sandbox';
import type { Role } from '@flowsync/store';
import { createTestApp, ROLES, type TestApp } from './support/test-app.ts';
import { CONTACTS_FLOW, flowFile } from './support/flows-fixtures.ts';

interface Body {
  [key: string]: unknown;
}
interface ErrorBody {
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
}

let t: TestApp;
let sandbox: Sandbox;
let salesforce: { kind: string; config: Record<string, unknown>; secrets: Record<string, string> };
let netsuite: typeof salesforce;
/** Every response body of this file, scanned for secret values at the end. */
const bodies: string[] = [];

async function call(role: Role | null, options: InjectOptions) {
  const response = role === null ? await t.app.inject(options) : await t.as(role, options);
  bodies.push(response.body, JSON.stringify(response.headers));
  return response;
}
const parse = <T = Body>(response: { body: string }): T => JSON.parse(response.body) as T;
const put = (role: Role, name: string, payload: object) =>
  call(role, { method: 'PUT', url: `/api/connections/${name}`, payload });

before(async () => {
  [t, sandbox] = await Promise.all([createTestApp(), startSandbox({ seed: { companies: 3, contacts: 6 } })]);
  salesforce = sandbox.salesforce.connection();
  netsuite = sandbox.netsuite.connection();
});
after(async () => {
  await t.close();
  await sandbox.close();
});

describe('connections', () => {
  test('connector kinds carry the settings schema and secret names the editor draws forms from', async () => {
    const response = await call('viewer', { method: 'GET', url: '/api/connector-kinds' });
    assert.equal(response.statusCode, 200);
    const kinds = parse<{
      kinds: { kind: string; label: string; configSchema: Body; secretKeys: string[] }[];
    }>(response).kinds;
    const sf = kinds.find((k) => k.kind === 'salesforce');
    assert.equal(sf?.label, 'Salesforce');
    assert.ok(sf?.secretKeys.includes('clientSecret'));
    assert.ok(Object.keys((sf?.configSchema['properties'] as Body) ?? {}).includes('clientId'));
    assert.ok(kinds.some((k) => k.kind === 'netsuite' && k.secretKeys.includes('tokenSecret')));
  });

  test('a connection is stored with its secrets, which no response returns', async () => {
    const created = await put('integrator', 'salesforce', salesforce);
    assert.equal(created.statusCode, 201, created.body);
    const expectedKeys = Object.keys(salesforce.secrets).sort();
    assert.deepEqual(parse(created).secretKeys, expectedKeys);
    assert.equal(parse(created).updatedBy, 'integrator@test.flowsync');
    assert.equal((await put('admin', 'netsuite', netsuite)).statusCode, 201);

    const one = parse(await call('viewer', { method: 'GET', url: '/api/connections/salesforce' }));
    assert.deepEqual(one.config, salesforce.config);
    assert.deepEqual(one.secretKeys, expectedKeys);
    assert.equal(one['secrets'], undefined);
    const list = parse<{ connections: Body[] }>(
      await call('analyst', { method: 'GET', url: '/api/connections' }),
    );
    assert.deepEqual(
      list.connections.map((c) => c.name),
      ['netsuite', 'salesforce'],
    );
    assert.deepEqual((await t.store.connections.get('salesforce'))?.secrets, salesforce.secrets);

    const [entry] = await t.store.audit.list({ subject: 'connection:salesforce' });
    assert.equal(entry?.action, 'connection.created');
    assert.deepEqual(entry?.detail?.['secretsSet'], Object.keys(salesforce.secrets));
  });

  test('an edit keeps stored secrets only when asked to', async () => {
    const kept = await put('integrator', 'salesforce', {
      kind: 'salesforce',
      config: { ...salesforce.config, timeoutMs: 60_000 },
      keepExistingSecrets: true,
    });
    assert.equal(kept.statusCode, 200, kept.body);
    assert.deepEqual((await t.store.connections.get('salesforce'))?.secrets, salesforce.secrets);
    const [entry] = await t.store.audit.list({ subject: 'connection:salesforce' });
    assert.equal(entry?.action, 'connection.updated');
    assert.deepEqual(entry?.detail?.['changedConfig'], ['timeoutMs']);
    assert.deepEqual(entry?.detail?.['secretsKept'], Object.keys(salesforce.secrets));

    const replaced = await put('integrator', 'salesforce', {
      kind: 'salesforce',
      config: salesforce.config,
      secrets: { clientSecret: 'a-wrong-client-secret' },
    });
    assert.equal(replaced.statusCode, 200);
    assert.deepEqual(parse(replaced).secretKeys, ['clientSecret']);

    const failed = await call('integrator', { method: 'POST', url: '/api/connections/salesforce/test' });
    assert.equal(failed.statusCode, 200);
    assert.equal(parse(failed).ok, false);
    assert.equal(parse(failed).code, 'AUTH_FAILED');

    // The registry was told: the next test uses the restored secret, not a cached connector.
    assert.equal((await put('integrator', 'salesforce', salesforce)).statusCode, 200);
    const passed = await call('integrator', { method: 'POST', url: '/api/connections/salesforce/test' });
    assert.equal(parse(passed).ok, true, passed.body);
  });

  test('invalid settings are refused with 400 naming the field, and nothing is stored', async () => {
    const sf = salesforce.config;
    const cases: [string, object, string][] = [
      ['unknown kind', { kind: 'oracle', config: {} }, '/body/kind'],
      ['bad URL', { kind: 'salesforce', config: { ...sf, loginUrl: 'not a url' } }, '/body/config/loginUrl'],
      [
        'missing field',
        { kind: 'salesforce', config: { loginUrl: sf['loginUrl'] } },
        '/body/config/clientId',
      ],
      ['wrong type', { kind: 'salesforce', config: { ...sf, timeoutMs: 'slow' } }, '/body/config/timeoutMs'],
      [
        'a secret in config',
        { kind: 'salesforce', config: { ...sf, clientSecret: 'oops' }, secrets: salesforce.secrets },
        '/body/config/clientSecret',
      ],
      [
        'an unknown setting',
        { kind: 'salesforce', config: { ...sf, colour: 'blue' } },
        '/body/config/colour',
      ],
      [
        'an unknown secret',
        { kind: 'salesforce', config: sf, secrets: { ...salesforce.secrets, password: 'x' } },
        '/body/secrets/password',
      ],
      [
        'a secret the auth kind needs',
        { kind: 'salesforce', config: sf, secrets: {} },
        '/body/secrets/clientSecret',
      ],
      ['no config', { kind: 'salesforce' }, '/body/config'],
      [
        'secrets of the wrong type',
        { kind: 'salesforce', config: sf, secrets: { clientSecret: 42 } },
        '/body/secrets/clientSecret',
      ],
    ];
    for (const [name, payload, path] of cases) {
      const response = await put('admin', 'new-connection', payload);
      assert.equal(response.statusCode, 400, `${name}: ${response.body}`);
      const error = parse<ErrorBody>(response);
      assert.equal(error.code, 'VALIDATION_FAILED', name);
      assert.ok(
        error.issues?.some((i) => i.path === path),
        `${name}: ${path} not in ${JSON.stringify(error.issues)}`,
      );
    }
    const badName = await put('admin', 'bad name!', salesforce);
    assert.equal(badName.statusCode, 400);
    assert.equal(parse<ErrorBody>(badName).issues?.[0]?.path, '/params/name');
    assert.equal(
      (await call('viewer', { method: 'GET', url: '/api/connections/new-connection' })).statusCode,
      404,
    );
    assert.equal(await t.store.connections.get('new-connection'), null);
  });

  test('a connection test reaches the sandbox systems', async () => {
    for (const name of ['salesforce', 'netsuite']) {
      const response = await call('admin', { method: 'POST', url: `/api/connections/${name}/test` });
      assert.equal(response.statusCode, 200);
      const result = parse(response);
      assert.equal(result.ok, true, response.body);
      assert.equal(typeof result.detail, 'string');
    }
    const missing = await call('admin', { method: 'POST', url: '/api/connections/nowhere/test' });
    assert.equal(missing.statusCode, 404);
  });

  test('objects and their fields are listed for the editor’s pickers', async () => {
    const objects = parse<{ objects: { name: string }[] }>(
      await call('viewer', { method: 'GET', url: '/api/connections/salesforce/objects' }),
    ).objects.map((o) => o.name);
    assert.ok(objects.includes('Contact') && objects.includes('Account'), objects.join(', '));

    const contact = await call('analyst', {
      method: 'GET',
      url: '/api/connections/salesforce/objects/Contact',
    });
    assert.equal(contact.statusCode, 200, contact.body);
    const fields = parse<{ name: string; fields: { name: string; externalId?: boolean }[] }>(contact);
    assert.equal(fields.name, 'Contact');
    assert.ok(fields.fields.some((f) => f.name === 'Email'));
    assert.equal(fields.fields.find((f) => f.name === 'Ext_Id__c')?.externalId, true);

    const nsObjects = parse<{ objects: { name: string }[] }>(
      await call('viewer', { method: 'GET', url: '/api/connections/netsuite/objects' }),
    ).objects.map((o) => o.name);
    assert.deepEqual(nsObjects.sort(), ['contact', 'customer']);
    const customer = parse<{ idField: string; fields: { name: string }[] }>(
      await call('viewer', { method: 'GET', url: '/api/connections/netsuite/objects/customer' }),
    );
    assert.ok(customer.fields.some((f) => f.name === 'companyName'));

    const unsupported = await call('viewer', {
      method: 'GET',
      url: '/api/connections/netsuite/objects/invoice',
    });
    assert.equal(unsupported.statusCode, 400);
    assert.match(parse<ErrorBody>(unsupported).message, /invoice/);
    const unknownSf = await call('viewer', {
      method: 'GET',
      url: '/api/connections/salesforce/objects/Nope__c',
    });
    assert.ok(unknownSf.statusCode >= 400 && unknownSf.statusCode < 500, unknownSf.body);
    assert.equal(
      (await call('viewer', { method: 'GET', url: '/api/connections/nowhere/objects' })).statusCode,
      404,
    );
  });

  test('a connection used by an enabled flow cannot be deleted; the refusal names the flow', async () => {
    const created = await call('integrator', {
      method: 'POST',
      url: '/api/flows',
      payload: { flow: flowFile(CONTACTS_FLOW) },
    });
    assert.equal(created.statusCode, 201, created.body);
    await t.store.flows.setEnabled(CONTACTS_FLOW, true, 'admin@test.flowsync');

    const usage = parse(await call('viewer', { method: 'GET', url: '/api/connections/salesforce' }));
    assert.deepEqual(usage.usedBy, [{ flowId: CONTACTS_FLOW, enabled: true }]);
    const refused = await call('admin', { method: 'DELETE', url: '/api/connections/salesforce' });
    assert.equal(refused.statusCode, 409);
    assert.match(parse<ErrorBody>(refused).message, new RegExp(`"${CONTACTS_FLOW}"`));
    assert.ok(await t.store.connections.get('salesforce'));

    await t.store.flows.setEnabled(CONTACTS_FLOW, false, 'admin@test.flowsync');
    const deleted = await call('integrator', { method: 'DELETE', url: '/api/connections/salesforce' });
    assert.equal(deleted.statusCode, 200);
    assert.deepEqual(parse(deleted), { name: 'salesforce', deleted: true });
    assert.equal(
      (await call('viewer', { method: 'GET', url: '/api/connections/salesforce' })).statusCode,
      404,
    );
    assert.equal(
      (await t.store.audit.list({ subject: 'connection:salesforce' }))[0]?.action,
      'connection.deleted',
    );
    assert.equal(
      (await call('admin', { method: 'DELETE', url: '/api/connections/salesforce' })).statusCode,
      404,
    );
    assert.equal((await put('admin', 'salesforce', salesforce)).statusCode, 201);
  });

  test('role matrix: admins and integrators write and test; analysts and viewers read', async () => {
    const routes: { name: string; request: (role: Role) => InjectOptions; ok: number }[] = [
      {
        name: 'PUT /connections/:name',
        request: (role) => ({ method: 'PUT', url: `/api/connections/matrix-${role}`, payload: netsuite }),
        ok: 201,
      },
      {
        name: 'POST /connections/:name/test',
        request: () => ({ method: 'POST', url: '/api/connections/netsuite/test' }),
        ok: 200,
      },
      {
        name: 'DELETE /connections/:name',
        request: (role) => ({ method: 'DELETE', url: `/api/connections/matrix-${role}` }),
        ok: 200,
      },
    ];
    for (const route of routes) {
      for (const role of ROLES) {
        const response = await call(role, route.request(role));
        if (role === 'admin' || role === 'integrator') {
          assert.equal(response.statusCode, route.ok, `${route.name} as ${role}: ${response.body}`);
        } else {
          assert.equal(response.statusCode, 403, `${route.name} as ${role}`);
          assert.equal(parse<ErrorBody>(response).code, 'FORBIDDEN');
        }
      }
      assert.equal((await call(null, route.request('viewer'))).statusCode, 401, `${route.name} anonymous`);
    }
    assert.deepEqual(
      (await t.store.connections.list()).map((c) => c.name),
      ['netsuite', 'salesforce'],
      'denied roles created nothing; allowed ones deleted what they created',
    );
    for (const url of [
      '/api/connector-kinds',
      '/api/connections',
      '/api/connections/netsuite',
      '/api/connections/netsuite/objects',
    ]) {
      assert.equal((await call(null, { method: 'GET', url })).statusCode, 401, url);
    }
  });

  test('no response and no audit entry ever contained a secret value', async () => {
    const secrets = [
      ...Object.values(salesforce.secrets),
      ...Object.values(netsuite.secrets),
      'a-wrong-client-secret',
    ];
    assert.ok(bodies.length > 40);
    const audit = JSON.stringify(await t.store.audit.list({ limit: 1000 }));
    for (const secret of secrets) {
      // Long values (a PEM key) are checked by a distinctive slice as well as whole.
      const probes = secret.length > 64 ? [secret, secret.slice(100, 164)] : [secret];
      for (const probe of probes) {
        assert.ok(
          !bodies.some((b) => b.includes(probe)),
          `a response contained a secret (${probe.slice(0, 6)}…)`,
        );
        assert.ok(!audit.includes(probe), 'the audit log contained a secret');
      }
    }
  });
});
