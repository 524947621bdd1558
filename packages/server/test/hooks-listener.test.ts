// Realtime listeners over real HTTP: the sandbox's signed NetSuite events drive a run, refused
// deliveries store nothing, a switched-off flow answers clearly, and an accepted event survives a
// restart.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { RunRecord } from '@flowsync/contracts';
import { signHmac } from '@flowsync/connector-sdk';
import { startSandbox, type Sandbox } from '@flowsync/sandbox';
import { deliveryId } from '../src/routes/hooks.routes.ts';
import {
  ACCOUNTS_FLOW,
  flowFile,
  node,
  startRunEnvironment,
  variant,
  type RunEnvironment,
} from './support/run-environment.ts';

const NO_LISTENER_FLOW = 'accounts-scheduled-only';

interface SfAccount {
  Id: string;
  Ext_Id__c?: string;
  Name?: string;
}

/** A NetSuite realtime event as the user-event script posts it, signed with the connection's secret. */
function netsuiteDelivery(
  sandbox: Sandbox,
  events: { kind: 'create' | 'update' | 'delete'; object?: string; recordId: string; record?: object }[],
  secret = String(sandbox.netsuite.connection().secrets.webhookSecret),
) {
  const withIds = events.map((e) => ({ eventId: randomUUID(), object: 'customer', ...e }));
  const body = JSON.stringify(withIds);
  const signature = signHmac({
    rawBody: Buffer.from(body),
    secret,
    algorithm: 'sha256',
    encoding: 'hex',
    prefix: 'sha256=',
  });
  return { body, signature, eventIds: withIds.map((e) => e.eventId) };
}

describe('realtime listeners', () => {
  let env: RunEnvironment;
  let baseUrl: string;

  const postHook = (flowId: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}/hooks/${flowId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const realtimeRuns = async (flowId: string) =>
    (await env.t.store.runs.list({ flowId })).filter((r) => r.trigger.kind === 'realtime');

  before(async () => {
    env = await startRunEnvironment({ seed: { companies: 6, contacts: 6 } });
    await env.saveFlow(flowFile(ACCOUNTS_FLOW), { enabled: true });
    await env.saveFlow(
      variant(ACCOUNTS_FLOW, NO_LISTENER_FLOW, (flow) => {
        delete node(flow, 'customers-changed').config.realtime;
      }),
      { enabled: true },
    );
    baseUrl = await env.t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    await env?.close();
  });

  it('runs the events NetSuite sends when a record changes', async () => {
    await env.admin('netsuite', 'POST', '/subscriptions', {
      url: `${baseUrl}/hooks/${ACCOUNTS_FLOW}`,
      secret: env.sandbox.netsuite.connection().secrets.webhookSecret,
      objects: ['customer'],
    });
    await env.admin('netsuite', 'PATCH', '/records/customer/1004', { companyName: 'Hooked Holdings' });
    const [run] = await env.waitFor(async () => {
      const runs = await realtimeRuns(ACCOUNTS_FLOW);
      return runs.length > 0 ? runs : undefined;
    }, 'a realtime run');
    assert.ok(run);
    const finished = await env.waitForRun(run.id);
    assert.equal(finished.status, 'succeeded', finished.message);
    assert.equal(finished.totals.read, 1);
    assert.equal(finished.requestedBy, 'webhook');
    const accounts = await env.admin<SfAccount[]>('salesforce', 'GET', '/records/Account');
    assert.equal(accounts.find((a) => a.Ext_Id__c === '1004')?.Name, 'Hooked Holdings');

    assert.equal(run.trigger.kind, 'realtime');
    const [eventId] = run.trigger.kind === 'realtime' ? run.trigger.eventIds : [];
    const delivery = await env.waitFor(async () => {
      const stored = await env.t.store.webhookInbox.get(eventId ?? '');
      return stored?.status === 'processed' ? stored : undefined;
    }, 'the delivery to be marked processed');
    assert.equal(delivery.runId, run.id);
  });

  it('stores a delivery before answering 202, and a redelivery only once', async () => {
    const { body, signature } = netsuiteDelivery(env.sandbox, [
      {
        kind: 'update',
        recordId: '1002',
        record: { companyName: 'Redelivered Ltd', isPerson: false, isInactive: false },
      },
    ]);
    const first = await postHook(ACCOUNTS_FLOW, body, { 'x-sandbox-signature': signature });
    assert.equal(first.status, 202);
    const accepted = (await first.json()) as { accepted: number; ignored: number; deliveryId: string };
    assert.equal(accepted.accepted, 1);
    assert.ok(await env.t.store.webhookInbox.get(accepted.deliveryId), 'stored when the 202 arrives');
    const again = await postHook(ACCOUNTS_FLOW, body, { 'x-sandbox-signature': signature });
    assert.equal(((await again.json()) as { deliveryId: string }).deliveryId, accepted.deliveryId);
    await env.waitFor(async () => {
      const stored = await env.t.store.webhookInbox.get(accepted.deliveryId);
      return stored?.status === 'processed' ? stored : undefined;
    }, 'the delivery to be processed');
    const runs = (await realtimeRuns(ACCOUNTS_FLOW)).filter(
      (r) => r.trigger.kind === 'realtime' && r.trigger.eventIds.includes(accepted.deliveryId),
    );
    assert.equal(runs.length, 1, 'one run for the delivery and its redelivery');
  });

  it('refuses a delivery with a bad or missing signature and stores nothing', async () => {
    const before = (await env.t.store.runs.list({ flowId: ACCOUNTS_FLOW })).length;
    const forged = netsuiteDelivery(env.sandbox, [{ kind: 'update', recordId: '1003' }], 'not-the-secret');
    const cases: Record<string, string>[] = [{ 'x-sandbox-signature': forged.signature }, {}];
    for (const headers of cases) {
      const response = await postHook(ACCOUNTS_FLOW, forged.body, headers);
      assert.equal(response.status, 401);
      const body = (await response.json()) as { code: string };
      assert.equal(body.code, 'WEBHOOK_SIGNATURE_INVALID');
    }
    // A valid signature over other bytes does not verify either.
    const genuine = netsuiteDelivery(env.sandbox, [{ kind: 'update', recordId: '1003' }]);
    const tampered = await postHook(ACCOUNTS_FLOW, genuine.body.replace('1003', '1005'), {
      'x-sandbox-signature': genuine.signature,
    });
    assert.equal(tampered.status, 401);
    for (const delivery of [forged, genuine]) {
      const events = JSON.parse(delivery.body) as { eventId: string }[];
      const id = deliveryId(ACCOUNTS_FLOW, events as never);
      assert.equal(await env.t.store.webhookInbox.get(id), null);
    }
    assert.deepEqual(await env.t.store.webhookInbox.pendingFlows(), []);
    assert.equal((await env.t.store.runs.list({ flowId: ACCOUNTS_FLOW })).length, before, 'no run');
  });

  it('answers clearly for a switched-off flow, a flow without a listener and an unknown flow, storing nothing', async () => {
    const delivery = netsuiteDelivery(env.sandbox, [{ kind: 'update', recordId: '1001' }]);
    const headers = { 'x-sandbox-signature': delivery.signature };
    await env.t.store.flows.setEnabled(ACCOUNTS_FLOW, false, 'admin');
    try {
      const off = await postHook(ACCOUNTS_FLOW, delivery.body, headers);
      assert.equal(off.status, 409);
      const body = (await off.json()) as { code: string; message: string };
      assert.equal(body.code, 'FLOW_DISABLED');
      assert.match(body.message, /is switched off/);
    } finally {
      await env.t.store.flows.setEnabled(ACCOUNTS_FLOW, true, 'admin');
    }
    const noListener = await postHook(NO_LISTENER_FLOW, delivery.body, headers);
    assert.equal(noListener.status, 409);
    assert.match(((await noListener.json()) as { message: string }).message, /no realtime trigger/);
    assert.equal((await postHook('no-such-flow', delivery.body, headers)).status, 404);
    assert.equal((await postHook('Not_A_Flow', delivery.body, headers)).status, 400);
    const events = JSON.parse(delivery.body) as never;
    for (const flowId of [ACCOUNTS_FLOW, NO_LISTENER_FLOW]) {
      assert.equal(await env.t.store.webhookInbox.get(deliveryId(flowId, events)), null);
    }
    assert.deepEqual(await env.t.store.webhookInbox.pendingFlows(), []);
  });

  it('accepts and ignores events the flow does not listen to (deletes, other objects)', async () => {
    const delivery = netsuiteDelivery(env.sandbox, [
      { kind: 'delete', recordId: '1001' },
      { kind: 'update', object: 'contact', recordId: '5001' },
    ]);
    const response = await postHook(ACCOUNTS_FLOW, delivery.body, {
      'x-sandbox-signature': delivery.signature,
    });
    assert.equal(response.status, 202);
    assert.deepEqual(await response.json(), { accepted: 0, ignored: 2 });
    assert.deepEqual(await env.t.store.webhookInbox.pendingFlows(), []);
  });

  it('refuses a malformed or oversized delivery, naming the problem', async () => {
    const secret = String(env.sandbox.netsuite.connection().secrets.webhookSecret);
    const sign = (body: string) =>
      signHmac({
        rawBody: Buffer.from(body),
        secret,
        algorithm: 'sha256',
        encoding: 'hex',
        prefix: 'sha256=',
      });
    const notJson = 'this is not json';
    const malformed = await postHook(ACCOUNTS_FLOW, notJson, {
      'content-type': 'text/plain',
      'x-sandbox-signature': sign(notJson),
    });
    assert.equal(malformed.status, 400);
    const body = (await malformed.json()) as { code: string; message: string; issues: { path: string }[] };
    assert.equal(body.code, 'VALIDATION_FAILED');
    assert.match(body.message, /not JSON/);
    assert.equal(body.issues[0]?.path, '/body');
    const huge = JSON.stringify({ padding: 'x'.repeat(1024 * 1024) });
    const tooLarge = await postHook(ACCOUNTS_FLOW, huge, { 'x-sandbox-signature': sign(huge) });
    assert.equal(tooLarge.status, 413);
  });
});

describe('realtime listeners across a restart', () => {
  it('processes an event that was accepted but not processed before the server stopped, and fails runs a crash left running', async () => {
    const sandbox = await startSandbox({ seed: { companies: 6, contacts: 6 } });
    const dataDir = mkdtempSync(join(tmpdir(), 'flowsync-restart-'));
    const secretKey = randomBytes(32);
    try {
      const first = await startRunEnvironment({ sandbox, dataDir, secretKey });
      await first.saveFlow(flowFile(ACCOUNTS_FLOW), { enabled: true });
      // The server is going down: it still accepts (and stores) the event but starts no run for it.
      await first.t.services.runs.shutdown();
      const delivery = netsuiteDelivery(sandbox, [
        {
          kind: 'update',
          recordId: '1003',
          record: { companyName: 'Survivor Inc', isPerson: false, isInactive: false },
        },
      ]);
      const accepted = await first.t.app.inject({
        method: 'POST',
        url: `/hooks/${ACCOUNTS_FLOW}`,
        headers: { 'content-type': 'application/json', 'x-sandbox-signature': delivery.signature },
        payload: delivery.body,
      });
      assert.equal(accepted.statusCode, 202, accepted.body);
      const { deliveryId: id } = accepted.json<{ deliveryId: string }>();
      // And a run that a crash left `running` (nothing will finish it).
      await first.t.store.runs.create({
        id: 'crashed-run',
        flowId: ACCOUNTS_FLOW,
        flowVersion: 1,
        trigger: { kind: 'schedule' },
        status: 'running',
        queuedAt: new Date().toISOString(),
        totals: { read: 0, written: 0, rejected: 0, skipped: 0, failed: 0 },
        nodes: {},
      });
      await first.close();

      const second = await startRunEnvironment({ sandbox, dataDir, secretKey });
      try {
        const processed = await second.waitFor(async () => {
          const stored = await second.t.store.webhookInbox.get(id);
          return stored?.status === 'processed' ? stored : undefined;
        }, 'the delivery to be processed after the restart');
        const run = await second.t.store.runs.get(processed.runId ?? '');
        assert.equal(run?.status, 'succeeded', run?.message);
        assert.deepEqual(run?.trigger, { kind: 'realtime', eventIds: [id] } satisfies RunRecord['trigger']);
        const accounts = await second.admin<SfAccount[]>('salesforce', 'GET', '/records/Account');
        assert.equal(accounts.find((a) => a.Ext_Id__c === '1003')?.Name, 'Survivor Inc');
        const crashed = await second.t.store.runs.get('crashed-run');
        assert.equal(crashed?.status, 'failed');
        assert.match(crashed?.message ?? '', /server stopped while the run was queued or running/);
      } finally {
        await second.close();
      }
    } finally {
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
