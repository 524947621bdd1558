// Runs through the API: manual run and "sync selected records" against the sandbox in worker threads,
// list and detail, cancel, overlap, a runaway expression terminated while the API keeps answering,
// the scheduler's interval, roles and bad input.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunRecord } from '@flowsync/contracts';
import {
  ACCOUNTS_FLOW,
  flowFile,
  node,
  startRunEnvironment,
  variant,
  type RunEnvironment,
} from './support/run-environment.ts';

const POLLING_FLOW = 'accounts-polling';
const QUEUED_FLOW = 'accounts-queued';
const RUNAWAY_FLOW = 'accounts-runaway';
const SCHEDULED_FLOW = 'accounts-every-second';

/** A run that keeps polling the source for 30 s (seed 002's cadence), so it can be caught running. */
function pollingFlow(id: string, overlap: 'skip' | 'queue') {
  return variant(ACCOUNTS_FLOW, id, (flow) => {
    const trigger = node(flow, 'customers-changed');
    trigger.config.schedule = {
      kind: 'polling',
      everySeconds: 3600,
      checkProcessSeconds: 30,
      sleepSeconds: 5,
    };
    delete trigger.config.incremental;
    flow.settings.overlap = overlap;
  });
}

describe('runs API', () => {
  let env: RunEnvironment;
  const post = (role: 'admin' | 'integrator' | 'analyst' | 'viewer', url: string, payload?: unknown) =>
    env.t.as(role, { method: 'POST', url, ...(payload === undefined ? {} : { payload: payload as object }) });
  const get = (url: string, role: 'admin' | 'integrator' | 'analyst' | 'viewer' = 'viewer') =>
    env.t.as(role, { method: 'GET', url });
  const waitForStatus = (runId: string, status: RunRecord['status']) =>
    env.waitFor(async () => {
      const run = await env.t.store.runs.get(runId);
      return run?.status === status ? run : undefined;
    }, `run ${runId} to be ${status}`);

  before(async () => {
    env = await startRunEnvironment({ runWatchdogMs: 1500, seed: { companies: 8, contacts: 16 } });
    await env.saveFlow(flowFile(ACCOUNTS_FLOW));
    await env.saveFlow(pollingFlow(POLLING_FLOW, 'skip'));
    await env.saveFlow(pollingFlow(QUEUED_FLOW, 'queue'));
    await env.saveFlow(
      variant(ACCOUNTS_FLOW, RUNAWAY_FLOW, (flow) => {
        // JSONata's time limit cannot interrupt a regular expression that backtracks for ever.
        node(flow, 'active-companies').config.expression = "$match($pad('', 40, 'a') & 'b', /^(a+)+$/)";
      }),
    );
  });
  after(async () => {
    await env?.close();
  });

  it('runs a flow by hand in a worker and reports per-node counters', async () => {
    const expected = env.sandbox.seed.customers.filter((c) => !c.isPerson && !c.isInactive).length;
    const started = await post('integrator', `/api/flows/${ACCOUNTS_FLOW}/runs`);
    assert.equal(started.statusCode, 202, started.body);
    const run = started.json<RunRecord>();
    assert.equal(run.status, 'queued');
    assert.deepEqual(run.trigger, { kind: 'manual' });
    assert.equal(run.requestedBy, 'integrator@test.flowsync');

    const finished = await env.waitForRun(run.id);
    assert.equal(finished.status, 'succeeded', finished.message);
    const detail = (await get(`/api/runs/${run.id}`)).json<
      RunRecord & { live: boolean; openErrors: number }
    >();
    assert.equal(detail.live, false);
    assert.equal(detail.openErrors, 0);
    assert.equal(detail.totals.read, env.sandbox.seed.customers.length);
    assert.equal(detail.totals.written, expected);
    assert.equal(detail.nodes['upsert-account']?.received, expected);
    assert.equal(detail.nodes['active-companies']?.emitted.pass, expected);
    assert.ok(detail.startedAt && detail.finishedAt);
    const accounts = await env.admin<{ Ext_Id__c?: string }[]>('salesforce', 'GET', '/records/Account');
    assert.equal(accounts.filter((a) => a.Ext_Id__c).length, expected, 'the accounts reached Salesforce');

    const listed = (await get(`/api/runs?flowId=${ACCOUNTS_FLOW}&status=succeeded,failed&limit=10`)).json<{
      items: RunRecord[];
    }>();
    assert.ok(listed.items.some((r) => r.id === run.id));
    const failedOnly = (await get(`/api/runs?flowId=${ACCOUNTS_FLOW}&status=failed`)).json<{
      items: RunRecord[];
    }>();
    assert.equal(failedOnly.items.length, 0);
    const audit = await env.t.store.audit.list({ subject: `flow:${ACCOUNTS_FLOW}` });
    assert.ok(audit.some((a) => a.action === 'run.start' && a.detail?.runId === run.id));
  });

  it('syncs just the selected source records', async () => {
    const started = await post('admin', `/api/flows/${ACCOUNTS_FLOW}/sync`, {
      sourceIds: ['1001', '1002', '1001'],
    });
    assert.equal(started.statusCode, 202, started.body);
    const run = started.json<RunRecord>();
    assert.deepEqual(run.trigger, { kind: 'selected', sourceIds: ['1001', '1002'] });
    const finished = await env.waitForRun(run.id);
    assert.equal(finished.status, 'succeeded', finished.message);
    assert.equal(finished.totals.read, 2);
  });

  it('cancels a running run, and refuses a second run of a flow whose overlap is skip', async () => {
    const run = (await post('integrator', `/api/flows/${POLLING_FLOW}/runs`)).json<RunRecord>();
    await waitForStatus(run.id, 'running');
    const live = (await get(`/api/runs/${run.id}`)).json<{ live: boolean; status: string }>();
    assert.equal(live.status, 'running');

    const second = await post('integrator', `/api/flows/${POLLING_FLOW}/runs`);
    assert.equal(second.statusCode, 409);
    assert.match(second.json<{ message: string }>().message, /already running .*"skip"/);

    assert.equal((await post('viewer', `/api/runs/${run.id}/cancel`)).statusCode, 403);
    const cancel = await post('integrator', `/api/runs/${run.id}/cancel`);
    assert.equal(cancel.statusCode, 202, cancel.body);
    const finished = await env.waitForRun(run.id, 10_000);
    assert.equal(finished.status, 'cancelled');
    assert.equal(finished.message, 'The run was cancelled');
    const again = await post('integrator', `/api/runs/${run.id}/cancel`);
    assert.equal(again.statusCode, 409);
    assert.match(again.json<{ message: string }>().message, /cancelled/);
  });

  it('queues one run behind the current one when the overlap setting is queue', async () => {
    const first = (await post('integrator', `/api/flows/${QUEUED_FLOW}/runs`)).json<RunRecord>();
    const second = await post('integrator', `/api/flows/${QUEUED_FLOW}/runs`);
    assert.equal(second.statusCode, 202, second.body);
    const third = await post('integrator', `/api/flows/${QUEUED_FLOW}/runs`);
    assert.equal(third.statusCode, 409, 'only one run waits');
    await waitForStatus(first.id, 'running');
    assert.equal((await env.t.store.runs.get(second.json<RunRecord>().id))?.status, 'queued');

    await post('integrator', `/api/runs/${first.id}/cancel`);
    await env.waitForRun(first.id, 10_000);
    await waitForStatus(second.json<RunRecord>().id, 'running');
    await post('integrator', `/api/runs/${second.json<RunRecord>().id}/cancel`);
    assert.equal((await env.waitForRun(second.json<RunRecord>().id, 10_000)).status, 'cancelled');
  });

  it('terminates a runaway expression while other requests keep being served', async () => {
    const run = (await post('integrator', `/api/flows/${RUNAWAY_FLOW}/runs`)).json<RunRecord>();
    await waitForStatus(run.id, 'running');
    const latencies: number[] = [];
    let finished: RunRecord | null = null;
    while (!finished) {
      const t0 = performance.now();
      const health = await env.t.app.inject({ method: 'GET', url: '/api/health' });
      latencies.push(performance.now() - t0);
      assert.equal(health.statusCode, 200);
      const current = await env.t.store.runs.get(run.id);
      if (current && current.status !== 'running' && current.status !== 'queued') finished = current;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(finished.status, 'failed');
    assert.match(finished.message ?? '', /stopped responding for 1\.5 s — probably a runaway expression/);
    assert.ok(latencies.length >= 10, `the API answered ${latencies.length} times during the run`);
    assert.ok(Math.max(...latencies) < 500, `slowest answer ${Math.round(Math.max(...latencies))} ms`);
    // The flow is free again: the next run starts (and is terminated the same way).
    assert.equal(env.t.services.runs.isRunning(RUNAWAY_FLOW), false);
  });

  it('runs an enabled interval flow on its schedule and stops when it is switched off', async () => {
    const flow = variant(ACCOUNTS_FLOW, 'accounts-every-second', (f) => {
      node(f, 'customers-changed').config.schedule = { kind: 'interval', everySeconds: 1 };
    });
    assert.equal(flow.id, SCHEDULED_FLOW);
    await env.saveFlow(flow, { enabled: true });
    assert.deepEqual(
      env.t.services.scheduler.planned().map((p) => p.flowId),
      [SCHEDULED_FLOW],
      'only enabled flows with a schedule are planned',
    );
    const scheduled = await env.waitFor(async () => {
      const runs = await env.t.store.runs.list({ flowId: SCHEDULED_FLOW });
      return runs.length >= 1 ? runs : undefined;
    }, 'a scheduled run');
    for (const run of scheduled) {
      assert.deepEqual(run.trigger, { kind: 'schedule' });
      assert.equal(run.requestedBy, 'scheduler');
    }
    await env.t.store.flows.setEnabled(SCHEDULED_FLOW, false, 'admin');
    await env.t.services.onFlowChanged(SCHEDULED_FLOW);
    assert.deepEqual(env.t.services.scheduler.planned(), [], 'switching off cancels the schedule');
    for (const run of scheduled) assert.equal((await env.waitForRun(run.id)).status, 'succeeded');
  });

  it('lets every role read runs and only admins and integrators start them', async () => {
    for (const role of ['admin', 'integrator', 'analyst', 'viewer'] as const) {
      assert.equal((await get('/api/runs', role)).statusCode, 200, role);
    }
    for (const role of ['analyst', 'viewer'] as const) {
      const run = await post(role, `/api/flows/${ACCOUNTS_FLOW}/runs`);
      assert.equal(run.statusCode, 403, role);
      assert.match(run.json<{ message: string }>().message, /admin or integrator/);
      assert.equal(
        (await post(role, `/api/flows/${ACCOUNTS_FLOW}/sync`, { sourceIds: ['1'] })).statusCode,
        403,
      );
    }
    const anonymous = await env.t.app.inject({ method: 'GET', url: '/api/runs' });
    assert.equal(anonymous.statusCode, 401);
  });

  it('answers bad input with a 4xx that names the field', async () => {
    const cases: [Promise<{ statusCode: number; json<T>(): T }>, number, RegExp][] = [
      [get('/api/runs?limit=abc'), 400, /^\/querystring\/limit$/],
      [get('/api/runs?limit=0'), 400, /^\/querystring\/limit$/],
      [get('/api/runs?limit=501'), 400, /^\/querystring\/limit$/],
      [get('/api/runs?status=done'), 400, /^\/querystring\/status$/],
      [get('/api/runs?flowId=Not%20A%20Slug'), 400, /^\/querystring\/flowId$/],
      [get('/api/runs?before=yesterday'), 400, /^\/querystring\/before$/],
      [get('/api/runs?sort=asc'), 400, /^\/querystring\/sort$/],
      [post('integrator', `/api/flows/${ACCOUNTS_FLOW}/sync`, {}), 400, /^\/body\/sourceIds$/],
      [post('integrator', `/api/flows/${ACCOUNTS_FLOW}/sync`, { sourceIds: [] }), 400, /^\/body\/sourceIds$/],
      [
        post('integrator', `/api/flows/${ACCOUNTS_FLOW}/sync`, { sourceIds: [''] }),
        400,
        /^\/body\/sourceIds\/0$/,
      ],
      [
        post('integrator', `/api/flows/${ACCOUNTS_FLOW}/sync`, {
          sourceIds: Array.from({ length: 1001 }, (_, i) => String(i)),
        }),
        400,
        /^\/body\/sourceIds$/,
      ],
      [post('integrator', '/api/flows/Bad_Id/runs'), 400, /^\/params\/flowId$/],
    ];
    for (const [request, status, path] of cases) {
      const response = await request;
      assert.equal(response.statusCode, status, JSON.stringify(response.json()));
      const body = response.json<{ code: string; issues?: { path: string }[] }>();
      assert.equal(body.code, 'VALIDATION_FAILED');
      assert.ok(
        body.issues?.some((i) => path.test(i.path)),
        `${JSON.stringify(body.issues)} names ${path}`,
      );
    }
    const unknownFlow = await post('integrator', '/api/flows/no-such-flow/runs');
    assert.equal(unknownFlow.statusCode, 404);
    assert.equal((await get('/api/runs/no-such-run')).statusCode, 404);
    assert.equal((await post('integrator', '/api/runs/no-such-run/cancel')).statusCode, 404);
  });
});
