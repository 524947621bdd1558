// The error inbox through the API: failed records stored by a real run against the sandbox, filtered,
// edited, retried from their node (as stored and as edited), resolved by hand, and resolved by a later
// success of the same record.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import type { RecordError, RunRecord } from '@flowsync/contracts';
import {
  ACCOUNTS_FLOW,
  node,
  startRunEnvironment,
  variant,
  type RunEnvironment,
} from './support/run-environment.ts';

const FLOW = 'accounts-with-errors';
const BLOCKED = ['1001', '1002', '1003'];

interface ErrorList {
  items: RecordError[];
  total: number;
}

describe('error inbox API', () => {
  let env: RunEnvironment;
  let firstRun: RunRecord;
  const errorOf = async (sourceId: string, status: 'open' | 'resolved' = 'open') => {
    const [error] = await env.t.store.errors.list({ flowId: FLOW, sourceId, status });
    assert.ok(error, `an ${status} error for ${sourceId}`);
    return error;
  };
  const sfAccount = async (extId: string) =>
    (await env.admin<{ Ext_Id__c?: string; Name?: string }[]>('salesforce', 'GET', '/records/Account')).find(
      (a) => a.Ext_Id__c === extId,
    );

  before(async () => {
    env = await startRunEnvironment({ seed: { companies: 6, contacts: 6 } });
    await env.saveFlow(
      variant(ACCOUNTS_FLOW, FLOW, (flow) => {
        const fields = node(flow, 'account-fields').config.fields as {
          target: string;
          expression?: string;
        }[];
        const name = fields.find((f) => f.target === 'Name');
        assert.ok(name);
        name.expression =
          "$contains(email, 'blocked') ? $error('the e-mail address is blocked') : companyName";
      }),
    );
    for (const id of BLOCKED) {
      await env.admin('netsuite', 'PATCH', `/records/customer/${id}`, { email: `blocked-${id}@example.com` });
    }
    const started = await env.t.as('integrator', { method: 'POST', url: `/api/flows/${FLOW}/runs` });
    firstRun = await env.waitForRun(started.json<RunRecord>().id);
  });
  after(async () => {
    await env?.close();
  });

  it('stores each failed record with its payload and lists them by filter', async () => {
    assert.equal(firstRun.status, 'completedWithErrors', firstRun.message);
    assert.equal(firstRun.totals.failed, 3);
    const all = (
      await env.t.as('viewer', { method: 'GET', url: `/api/errors?flowId=${FLOW}` })
    ).json<ErrorList>();
    assert.equal(all.total, 3);
    assert.deepEqual(all.items.map((e) => e.sourceId).sort(), BLOCKED);
    for (const error of all.items) {
      assert.equal(error.nodeId, 'account-fields');
      assert.equal(error.code, 'EXPRESSION_ERROR');
      assert.equal(error.runId, firstRun.id);
      assert.match(error.message, /blocked/);
    }
    const page = (
      await env.t.as('viewer', { method: 'GET', url: `/api/errors?flowId=${FLOW}&limit=1&offset=1` })
    ).json<ErrorList>();
    assert.equal(page.items.length, 1);
    assert.equal(page.total, 3);
    const one = (
      await env.t.as('viewer', { method: 'GET', url: `/api/errors?sourceId=1002&nodeId=account-fields` })
    ).json<ErrorList>();
    assert.deepEqual(
      one.items.map((e) => e.sourceId),
      ['1002'],
    );
    for (const query of ['status=resolved', 'code=NETWORK', `runId=other`]) {
      const none = (
        await env.t.as('viewer', { method: 'GET', url: `/api/errors?flowId=${FLOW}&${query}` })
      ).json<ErrorList>();
      assert.equal(none.total, 0, query);
    }
    const detail = await env.t.as('viewer', { method: 'GET', url: `/api/errors/${one.items[0]?.id}` });
    assert.equal(detail.json<RecordError>().payload.data.email, 'blocked-1002@example.com');
    const run = await env.t.as('viewer', { method: 'GET', url: `/api/runs/${firstRun.id}` });
    assert.equal(run.json<{ openErrors: number }>().openErrors, 3);
  });

  it('retries an edited payload from the node where it failed', async () => {
    const error = await errorOf('1001');
    const payload = { ...error.payload, data: { ...error.payload.data, email: 'fixed-1001@example.com' } };
    const edited = await env.t.as('integrator', {
      method: 'PUT',
      url: `/api/errors/${error.id}/payload`,
      payload: { payload },
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json<RecordError>().payload.data.email, 'fixed-1001@example.com');
    const audit = await env.t.store.audit.list({ subject: `flow:${FLOW}` });
    assert.ok(audit.some((a) => a.action === 'error.editPayload' && a.detail?.errorId === error.id));
    assert.equal(await sfAccount('1001'), undefined, 'not in Salesforce before the retry');

    const retried = await env.t.as('integrator', {
      method: 'POST',
      url: '/api/errors/retry',
      payload: { ids: [error.id] },
    });
    assert.equal(retried.statusCode, 202, retried.body);
    const [run] = retried.json<{ runs: RunRecord[] }>().runs;
    assert.ok(run);
    assert.deepEqual(run.trigger, { kind: 'retry', errorIds: [error.id] });
    const finished = await env.waitForRun(run.id);
    assert.equal(finished.status, 'succeeded', finished.message);
    assert.equal(finished.totals.read, 1);
    assert.equal(
      finished.nodes['active-companies']?.received,
      0,
      'the retry started at the node that failed',
    );
    assert.equal((await env.t.store.errors.get(error.id))?.status, 'resolved');
    assert.ok(await sfAccount('1001'), 'the edited record reached Salesforce');
  });

  it('retries as stored: a record that fails again has one open error, one attempt further', async () => {
    const error = await errorOf('1002');
    const retried = await env.t.as('admin', {
      method: 'POST',
      url: '/api/errors/retry',
      payload: { ids: [error.id, error.id] },
    });
    assert.equal(retried.statusCode, 202, retried.body);
    const finished = await env.waitForRun(retried.json<{ runs: RunRecord[] }>().runs[0]?.id ?? '');
    assert.equal(finished.status, 'completedWithErrors');
    const stored = await env.t.store.errors.get(error.id);
    assert.equal(stored?.status, 'resolved');
    assert.equal(stored?.resolution, 'retried');
    const again = await errorOf('1002');
    assert.notEqual(again.id, error.id);
    assert.equal(again.attempt, 2);
  });

  it('resolves errors by hand, and refuses to retry a resolved one', async () => {
    const error = await errorOf('1003');
    const resolved = await env.t.as('integrator', {
      method: 'POST',
      url: '/api/errors/resolve',
      payload: { ids: [error.id] },
    });
    assert.equal(resolved.statusCode, 200, resolved.body);
    assert.deepEqual(resolved.json(), { resolved: 1 });
    const stored = await env.t.store.errors.get(error.id);
    assert.equal(stored?.resolution, 'manual');
    assert.equal(stored?.resolvedBy, 'integrator@test.flowsync');
    const twice = await env.t.as('integrator', {
      method: 'POST',
      url: '/api/errors/resolve',
      payload: { ids: [error.id] },
    });
    assert.deepEqual(twice.json(), { resolved: 0 });
    const retry = await env.t.as('integrator', {
      method: 'POST',
      url: '/api/errors/retry',
      payload: { ids: [error.id] },
    });
    assert.equal(retry.statusCode, 409);
    assert.equal(retry.json<{ issues: { path: string }[] }>().issues[0]?.path, '/body/ids/0');
    const edit = await env.t.as('integrator', {
      method: 'PUT',
      url: `/api/errors/${error.id}/payload`,
      payload: { payload: error.payload },
    });
    assert.equal(edit.statusCode, 409);
  });

  it('resolves a record’s errors when a later run writes the record', async () => {
    const error = await errorOf('1002');
    await env.admin('netsuite', 'PATCH', '/records/customer/1002', { email: 'info@fixed.example' });
    const started = await env.t.as('integrator', {
      method: 'POST',
      url: `/api/flows/${FLOW}/sync`,
      payload: { sourceIds: ['1002'] },
    });
    const finished = await env.waitForRun(started.json<RunRecord>().id);
    assert.equal(finished.status, 'succeeded', finished.message);
    const stored = await env.t.as('viewer', { method: 'GET', url: `/api/errors/${error.id}` });
    assert.equal(stored.json<RecordError>().status, 'resolved');
    assert.equal(stored.json<RecordError>().resolution, 'succeeded');
    const open = (
      await env.t.as('viewer', { method: 'GET', url: `/api/errors?flowId=${FLOW}&status=open` })
    ).json<ErrorList>();
    assert.equal(open.total, 0);
  });

  it('refuses to retry an error whose node the current version no longer has', async () => {
    const [stored] = await env.t.store.errors.list({ flowId: FLOW, sourceId: '1003' });
    assert.ok(stored);
    const orphan = { ...stored, id: 'orphan-error', status: 'open' as const };
    delete orphan.resolution;
    delete orphan.resolvedAt;
    delete orphan.resolvedBy;
    await env.t.store.errors.insertMany([orphan]);
    const current = await env.t.store.flows.get(FLOW);
    assert.ok(current);
    const renamed = JSON.parse(
      JSON.stringify(current.flow).replaceAll('account-fields', 'account-fields-v2'),
    ) as typeof current.flow;
    await env.t.store.flows.save(renamed, { author: 'integrator@test.flowsync' });
    try {
      const retry = await env.t.as('integrator', {
        method: 'POST',
        url: '/api/errors/retry',
        payload: { ids: [orphan.id] },
      });
      assert.equal(retry.statusCode, 409, retry.body);
      const body = retry.json<{ message: string; issues: { nodeId?: string }[] }>();
      assert.match(body.message, /no longer has the node/);
      assert.equal(body.issues[0]?.nodeId, 'account-fields');
      assert.equal((await env.t.store.errors.get(orphan.id))?.status, 'open', 'the error stays open');
    } finally {
      await env.t.store.flows.save(current.flow, { author: 'integrator@test.flowsync' });
    }
  });

  it('lets every role read errors and only admins and integrators change them', async () => {
    const [error] = await env.t.store.errors.list({ flowId: FLOW });
    assert.ok(error);
    for (const role of ['admin', 'integrator', 'analyst', 'viewer'] as const) {
      assert.equal((await env.t.as(role, { method: 'GET', url: '/api/errors' })).statusCode, 200);
      assert.equal((await env.t.as(role, { method: 'GET', url: `/api/errors/${error.id}` })).statusCode, 200);
    }
    for (const role of ['analyst', 'viewer'] as const) {
      const requests: InjectOptions[] = [
        { method: 'PUT', url: `/api/errors/${error.id}/payload`, payload: { payload: error.payload } },
        { method: 'POST', url: '/api/errors/retry', payload: { ids: [error.id] } },
        { method: 'POST', url: '/api/errors/resolve', payload: { ids: [error.id] } },
      ];
      for (const request of requests) {
        const response = await env.t.as(role, request);
        assert.equal(response.statusCode, 403, `${role} ${request.method} ${request.url}`);
      }
    }
    assert.equal((await env.t.app.inject({ method: 'GET', url: '/api/errors' })).statusCode, 401);
  });

  it('answers bad input with a 4xx that names the field', async () => {
    const [error] = await env.t.store.errors.list({ flowId: FLOW });
    assert.ok(error);
    const cases: [InjectOptions, number, string][] = [
      [{ method: 'GET', url: '/api/errors?limit=abc' }, 400, '/querystring/limit'],
      [{ method: 'GET', url: '/api/errors?limit=0' }, 400, '/querystring/limit'],
      [{ method: 'GET', url: '/api/errors?offset=-1' }, 400, '/querystring/offset'],
      [{ method: 'GET', url: '/api/errors?code=NOPE' }, 400, '/querystring/code'],
      [{ method: 'GET', url: '/api/errors?status=closed' }, 400, '/querystring/status'],
      [{ method: 'GET', url: '/api/errors?flowId=UPPER' }, 400, '/querystring/flowId'],
      [{ method: 'PUT', url: `/api/errors/${error.id}/payload`, payload: {} }, 400, '/body/payload'],
      [
        {
          method: 'PUT',
          url: `/api/errors/${error.id}/payload`,
          payload: { payload: { data: {}, lookups: {} } },
        },
        400,
        '/body/payload/sourceId',
      ],
      [
        {
          method: 'PUT',
          url: `/api/errors/${error.id}/payload`,
          payload: { payload: { ...error.payload, sourceId: 'someone-else' } },
        },
        error.status === 'open' ? 400 : 409,
        error.status === 'open' ? '/body/payload/sourceId' : '',
      ],
      [{ method: 'POST', url: '/api/errors/retry', payload: { ids: [] } }, 400, '/body/ids'],
      [{ method: 'POST', url: '/api/errors/retry', payload: { ids: ['no-such-error'] } }, 404, '/body/ids/0'],
      [{ method: 'POST', url: '/api/errors/resolve', payload: { ids: 'x' } }, 400, '/body/ids'],
      [{ method: 'POST', url: '/api/errors/resolve', payload: { ids: ['a'], all: true } }, 400, '/body/all'],
    ];
    for (const [request, status, path] of cases) {
      const response = await env.t.as('integrator', request);
      assert.equal(response.statusCode, status, `${request.method} ${request.url}: ${response.body}`);
      if (path) {
        const issues = response.json<{ issues?: { path: string }[] }>().issues ?? [];
        assert.ok(
          issues.some((i) => i.path === path),
          `${JSON.stringify(issues)} names ${path}`,
        );
      }
    }
    assert.equal(
      (await env.t.as('viewer', { method: 'GET', url: '/api/errors/no-such-error' })).statusCode,
      404,
    );
  });
});
