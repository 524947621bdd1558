import { after, before, describe, it, test } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import type { FlowChangedEvent, RecordError, RunRecord, ServerMessage } from '@flowsync/contracts';
import { createTestApp, type TestApp } from './support/test-app.ts';
import {
  ACCOUNTS_FLOW,
  CONTACTS_FLOW,
  flowFile,
  nodeOf,
  storeUnreachableConnections,
} from './support/flows-fixtures.ts';

interface Body {
  [key: string]: unknown;
}

let t: TestApp;
const published: FlowChangedEvent[] = [];

before(async () => {
  t = await createTestApp();
  await storeUnreachableConnections(t.store);
  t.services.hub.subscribe('flows', (message: ServerMessage) => {
    if (message.type === 'flow.changed') published.push(message);
  });
});
after(() => t.close());

const body = (response: { body: string }): Body => JSON.parse(response.body) as Body;

async function currentVersion(flowId: string): Promise<number> {
  return (await t.store.flows.state(flowId))?.currentVersion ?? 0;
}

async function createFlow(flowId: string, doc = flowFile(CONTACTS_FLOW)): Promise<void> {
  const response = await t.as('integrator', {
    method: 'POST',
    url: '/api/flows',
    payload: { flow: { ...doc, id: flowId } },
  });
  assert.equal(response.statusCode, 201, response.body);
}

function run(id: string, flowId: string, queuedAt: string, status: RunRecord['status']): RunRecord {
  return {
    id,
    flowId,
    flowVersion: 1,
    trigger: { kind: 'manual' },
    status,
    queuedAt,
    startedAt: queuedAt,
    finishedAt: queuedAt.replace(':00.000Z', ':30.000Z'),
    totals: { read: 10, written: 7, rejected: 1, skipped: 0, failed: 2 },
    nodes: {},
  };
}

function recordError(id: string, flowId: string, sourceId: string): RecordError {
  const at = '2026-01-02T10:00:00.000Z';
  return {
    id,
    flowId,
    flowVersion: 1,
    runId: 'run-new',
    nodeId: 'upsert-contact',
    sourceId,
    code: 'TARGET_VALIDATION',
    message: 'Salesforce: REQUIRED_FIELD_MISSING LastName',
    retryable: false,
    attempt: 1,
    payload: { sourceId, data: { id: sourceId }, lookups: {} },
    status: 'open',
    createdAt: at,
    updatedAt: at,
  };
}

describe('creating and listing flows', () => {
  test('the saved flows are created and listed with state, trigger kinds, last run and open errors', async () => {
    for (const id of [CONTACTS_FLOW, ACCOUNTS_FLOW]) {
      const response = await t.as('integrator', {
        method: 'POST',
        url: '/api/flows',
        payload: { flow: flowFile(id) },
      });
      assert.equal(response.statusCode, 201, response.body);
      assert.deepEqual(
        { flowId: body(response).flowId, version: body(response).version, created: body(response).created },
        { flowId: id, version: 1, created: true },
      );
    }
    await t.store.runs.create(run('run-old', CONTACTS_FLOW, '2026-01-01T10:00:00.000Z', 'failed'));
    await t.store.runs.create(
      run('run-new', CONTACTS_FLOW, '2026-01-02T10:00:00.000Z', 'completedWithErrors'),
    );
    await t.store.errors.insertMany([
      recordError('err-1', CONTACTS_FLOW, 'NS-1'),
      recordError('err-2', CONTACTS_FLOW, 'NS-2'),
      recordError('err-3', CONTACTS_FLOW, 'NS-3'),
    ]);
    await t.store.errors.resolve(['err-3'], 'manual', 'admin@test.flowsync');

    const response = await t.as('viewer', { method: 'GET', url: '/api/flows' });
    assert.equal(response.statusCode, 200);
    const flows = body(response).flows as Body[];
    const contacts = flows.find((f) => f.id === CONTACTS_FLOW);
    const accounts = flows.find((f) => f.id === ACCOUNTS_FLOW);
    assert.ok(contacts && accounts);
    assert.equal(contacts.name, 'NetSuite Contacts → Salesforce Contacts');
    assert.match(String(contacts.description), /incremental sweep every 5 minutes/);
    assert.equal(contacts.enabled, false);
    assert.equal(contacts.currentVersion, 1);
    assert.equal(contacts.updatedBy, 'integrator@test.flowsync');
    assert.deepEqual(contacts.triggerKinds, ['schedule', 'realtime', 'manual']);
    assert.deepEqual(contacts.lastRun, {
      id: 'run-new',
      status: 'completedWithErrors',
      queuedAt: '2026-01-02T10:00:00.000Z',
      finishedAt: '2026-01-02T10:00:30.000Z',
      totals: { read: 10, written: 7, rejected: 1, skipped: 0, failed: 2 },
    });
    assert.equal(contacts.openErrors, 2);
    assert.equal(accounts.lastRun, undefined);
    assert.equal(accounts.openErrors, 0);

    const audit = await t.store.audit.list({ subject: `flow:${CONTACTS_FLOW}` });
    assert.equal(audit[0]?.action, 'flow.created');
    assert.equal(audit[0]?.actor, 'integrator@test.flowsync');
    assert.ok(
      published.some(
        (e) => e.flowId === CONTACTS_FLOW && e.version === 1 && e.by === 'integrator@test.flowsync',
      ),
    );
  });

  test('an id in use is refused with 409 and an invalid document with 422 naming each node and field', async () => {
    const duplicate = await t.as('admin', {
      method: 'POST',
      url: '/api/flows',
      payload: { flow: flowFile(CONTACTS_FLOW) },
    });
    assert.equal(duplicate.statusCode, 409);
    assert.equal(body(duplicate).code, 'CONFLICT');
    assert.deepEqual((body(duplicate).issues as Body[])[0]?.path, '/body/flow/id');

    const broken = flowFile(CONTACTS_FLOW);
    broken.id = 'broken-flow';
    const qualification = nodeOf(broken, 'qualification');
    const upsert = nodeOf(broken, 'upsert-contact');
    const trigger = nodeOf(broken, 'contacts-changed');
    if (
      qualification.node.type !== 'qualify' ||
      upsert.node.type !== 'upsert' ||
      trigger.node.type !== 'trigger'
    )
      throw new Error('fixture changed');
    qualification.node.config.expression = '$exists(company.id) and (';
    upsert.node.config.object = '';
    trigger.node.config.connection = 'nowhere';
    const response = await t.as('integrator', {
      method: 'POST',
      url: '/api/flows',
      payload: { flow: broken },
    });
    assert.equal(response.statusCode, 422);
    assert.equal(body(response).code, 'FLOW_INVALID');
    const issues = body(response).issues as { path: string; nodeId?: string; message: string }[];
    const byNode = (nodeId: string) => issues.find((i) => i.nodeId === nodeId);
    assert.equal(byNode('qualification')?.path, `/nodes/${qualification.index}/config/expression`);
    assert.equal(byNode('upsert-contact')?.path, `/nodes/${upsert.index}/config/object`);
    assert.equal(byNode('contacts-changed')?.path, `/nodes/${trigger.index}/config/connection`);
    assert.match(byNode('contacts-changed')?.message ?? '', /nowhere/);

    const missing = await t.as('viewer', { method: 'GET', url: '/api/flows/broken-flow' });
    assert.equal(missing.statusCode, 404);
  });

  test('bad input is answered with 400 naming the field', async () => {
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/flows', {}, '/body/flow'],
      ['POST', '/api/flows', { flow: {}, extra: 1 }, '/body/extra'],
      ['POST', '/api/flows', { flow: 'not an object' }, '/body/flow'],
      ['GET', '/api/flows/Not_A_Slug', undefined, '/params/flowId'],
      ['GET', `/api/flows/${CONTACTS_FLOW}/versions/0`, undefined, '/params/version'],
      ['GET', `/api/flows/${CONTACTS_FLOW}/diff?from=abc`, undefined, '/querystring/from'],
      ['PUT', `/api/flows/${CONTACTS_FLOW}`, { flow: flowFile(CONTACTS_FLOW) }, '/body/expectedVersion'],
      [
        'PUT',
        `/api/flows/${CONTACTS_FLOW}`,
        { flow: flowFile(ACCOUNTS_FLOW), expectedVersion: 1 },
        '/body/flow/id',
      ],
      [
        'POST',
        `/api/flows/${CONTACTS_FLOW}/operations`,
        { expectedVersion: 1, operations: [] },
        '/body/operations',
      ],
      [
        'POST',
        `/api/flows/${CONTACTS_FLOW}/versions/1/restore`,
        { expectedVersion: 'one' },
        '/body/expectedVersion',
      ],
      ['POST', '/api/flows/validate', {}, '/body/flow'],
      [
        'POST',
        '/api/flows/import?expectedVersion=-1',
        flowFile(CONTACTS_FLOW),
        '/querystring/expectedVersion',
      ],
      ['GET', `/api/flows/${CONTACTS_FLOW}/export?version=x`, undefined, '/querystring/version'],
    ];
    for (const [method, url, payload, path] of cases) {
      const response = await t.as('admin', {
        method: method as 'GET',
        url,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      assert.equal(response.statusCode, 400, `${method} ${url}: ${response.body}`);
      assert.equal(body(response).code, 'VALIDATION_FAILED');
      const paths = (body(response).issues as { path: string }[]).map((i) => i.path);
      assert.ok(paths.includes(path), `${method} ${url}: expected ${path} in ${paths.join(', ')}`);
    }
  });
});

describe('versions, saves and concurrency', () => {
  const flowId = 'versions-flow';
  before(() => createFlow(flowId));

  test('the current version, the version list and one version are readable by every role', async () => {
    const edited = { ...flowFile(CONTACTS_FLOW), id: flowId, description: 'Second version' };
    const saved = await t.as('integrator', {
      method: 'PUT',
      url: `/api/flows/${flowId}`,
      payload: { flow: edited, expectedVersion: 1, message: 'clearer description' },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(body(saved).version, 2);
    assert.equal(body(saved).changed, true);
    assert.match(
      (body(saved).changes as Body[]).map((c) => c.summary).join('\n'),
      /Flow description changed from .* to "Second version"/,
    );

    const detail = body(await t.as('viewer', { method: 'GET', url: `/api/flows/${flowId}` }));
    assert.equal(detail.version, 2);
    assert.equal(detail.enabled, false);
    assert.equal(detail.author, 'integrator@test.flowsync');
    assert.equal(detail.message, 'clearer description');
    assert.equal((detail.flow as Body).description, 'Second version');

    const versions = body(await t.as('analyst', { method: 'GET', url: `/api/flows/${flowId}/versions` }));
    assert.deepEqual(
      (versions.versions as Body[]).map((v) => [v.version, v.author, v.message ?? null]),
      [
        [2, 'integrator@test.flowsync', 'clearer description'],
        [1, 'integrator@test.flowsync', null],
      ],
    );
    const first = body(await t.as('viewer', { method: 'GET', url: `/api/flows/${flowId}/versions/1` }));
    assert.equal(first.version, 1);
    assert.match(String((first.flow as Body).description), /^Realtime on contact/);
    const none = await t.as('viewer', { method: 'GET', url: `/api/flows/${flowId}/versions/9` });
    assert.equal(none.statusCode, 404);
  });

  test('a save from a stale version is refused with 409 saying who changed it, and nothing is written', async () => {
    const version = await currentVersion(flowId);
    const ours = await t.as('integrator', {
      method: 'PUT',
      url: `/api/flows/${flowId}`,
      payload: {
        flow: { ...flowFile(CONTACTS_FLOW), id: flowId, name: 'Integrator edit' },
        expectedVersion: version,
      },
    });
    assert.equal(ours.statusCode, 200);
    const auditBefore = (await t.store.audit.list({ subject: `flow:${flowId}` })).length;
    const eventsBefore = published.length;

    const stale = await t.as('admin', {
      method: 'PUT',
      url: `/api/flows/${flowId}`,
      payload: {
        flow: { ...flowFile(CONTACTS_FLOW), id: flowId, name: 'Admin edit' },
        expectedVersion: version,
      },
    });
    assert.equal(stale.statusCode, 409);
    assert.equal(body(stale).code, 'CONFLICT');
    assert.match(String(body(stale).message), /changed by integrator@test\.flowsync/);
    assert.match(String(body(stale).message), new RegExp(`version ${version + 1}`));
    assert.equal((body(stale).issues as Body[])[0]?.path, '/body/expectedVersion');

    assert.equal(await currentVersion(flowId), version + 1);
    assert.equal((await t.store.flows.get(flowId))?.flow.name, 'Integrator edit');
    assert.equal((await t.store.audit.list({ subject: `flow:${flowId}` })).length, auditBefore);
    assert.equal(published.length, eventsBefore);

    const staleOps = await t.as('admin', {
      method: 'POST',
      url: `/api/flows/${flowId}/operations`,
      payload: { expectedVersion: version, operations: [{ type: 'renameFlow', name: 'Admin edit' }] },
    });
    assert.equal(staleOps.statusCode, 409);
    assert.equal(await currentVersion(flowId), version + 1);
  });

  test('saving the current document again writes no version', async () => {
    const version = await currentVersion(flowId);
    const current = (await t.store.flows.get(flowId))?.flow;
    const response = await t.as('integrator', {
      method: 'PUT',
      url: `/api/flows/${flowId}`,
      payload: { flow: current, expectedVersion: version },
    });
    assert.equal(response.statusCode, 200);
    assert.equal(body(response).changed, false);
    assert.equal(body(response).version, version);
    assert.equal(await currentVersion(flowId), version);
  });

  test('the diff of a qualification change reads as a sentence, with the author and time of the new version', async () => {
    const version = await currentVersion(flowId);
    const doc = (await t.store.flows.get(flowId))?.flow;
    assert.ok(doc);
    const { node } = nodeOf(doc, 'qualification');
    assert.equal(node.type, 'qualify');
    const oldExpression = node.type === 'qualify' ? node.config.expression : '';
    const newExpression = "$exists($account.targetId) and company.id != '' and $exists(email)";
    if (node.type === 'qualify') node.config.expression = newExpression;
    const saved = await t.as('integrator', {
      method: 'PUT',
      url: `/api/flows/${flowId}`,
      payload: { flow: doc, expectedVersion: version },
    });
    assert.equal(saved.statusCode, 200, saved.body);

    const expected = `Qualify "Qualification criteria": expression changed from ${JSON.stringify(oldExpression)} to ${JSON.stringify(newExpression)}`;
    const explicit = body(
      await t.as('viewer', {
        method: 'GET',
        url: `/api/flows/${flowId}/diff?from=${version}&to=${version + 1}`,
      }),
    );
    assert.deepEqual(
      (explicit.changes as Body[]).map((c) => c.summary),
      [expected],
    );
    assert.equal((explicit.changes as Body[])[0]?.nodeId, 'qualification');
    assert.equal(explicit.author, 'integrator@test.flowsync');
    assert.ok(!Number.isNaN(Date.parse(String(explicit.createdAt))));

    const latest = body(await t.as('viewer', { method: 'GET', url: `/api/flows/${flowId}/diff` }));
    assert.deepEqual(latest, explicit);
    const beyond = await t.as('viewer', { method: 'GET', url: `/api/flows/${flowId}/diff?from=1&to=99` });
    assert.equal(beyond.statusCode, 404);
    assert.equal((body(beyond).issues as Body[])[0]?.path, '/querystring/to');
  });

  test('restore saves an old version as a new one', async () => {
    const version = await currentVersion(flowId);
    const response = await t.as('integrator', {
      method: 'POST',
      url: `/api/flows/${flowId}/versions/1/restore`,
      payload: { expectedVersion: version },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(body(response).version, version + 1);
    const [restored, original] = await Promise.all([
      t.store.flows.get(flowId, version + 1),
      t.store.flows.get(flowId, 1),
    ]);
    assert.deepEqual(restored?.flow, original?.flow);
    assert.equal(restored?.message, 'Restored version 1');
    const audit = await t.store.audit.list({ subject: `flow:${flowId}` });
    assert.equal(audit[0]?.action, 'flow.restored');
    assert.equal(audit[0]?.detail?.['restoredFrom'], 1);

    const stale = await t.as('integrator', {
      method: 'POST',
      url: `/api/flows/${flowId}/versions/2/restore`,
      payload: { expectedVersion: version },
    });
    assert.equal(stale.statusCode, 409);
    const unknown = await t.as('integrator', {
      method: 'POST',
      url: `/api/flows/${flowId}/versions/42/restore`,
      payload: { expectedVersion: version + 1 },
    });
    assert.equal(unknown.statusCode, 404);
    assert.equal(await currentVersion(flowId), version + 1);
  });
});

describe('edit operations', () => {
  const flowId = 'operations-flow';
  before(() => createFlow(flowId));

  test('operations go through the editor reducer and are saved as one version', async () => {
    const response = await t.as('integrator', {
      method: 'POST',
      url: `/api/flows/${flowId}/operations`,
      payload: {
        expectedVersion: 1,
        message: 'tidy up',
        operations: [
          { type: 'moveNode', nodeId: 'qualification', position: { x: 600, y: 240 } },
          { type: 'updateNode', nodeId: 'qualification', label: 'Contact qualifies' },
          { type: 'updateSettings', settings: { batchSize: 50 } },
        ],
      },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(body(response).version, 2);
    const stored = await t.store.flows.get(flowId);
    const { node } = nodeOf(stored!.flow, 'qualification');
    assert.deepEqual(node.position, { x: 600, y: 240 });
    assert.equal(node.label, 'Contact qualifies');
    assert.equal(stored?.flow.settings.batchSize, 50);
    assert.equal(stored?.flow.settings.retry.attempts, 4, 'settings defaults are filled in');
    assert.equal(stored?.message, 'tidy up');
    const summaries = (body(response).changes as Body[]).map((c) => c.summary);
    assert.ok(summaries.includes('Moved Qualify "Contact qualifies"'), summaries.join('\n'));
  });

  test('a structurally impossible operation is refused naming its index and field, and nothing is written', async () => {
    const response = await t.as('integrator', {
      method: 'POST',
      url: `/api/flows/${flowId}/operations`,
      payload: {
        expectedVersion: 2,
        operations: [
          { type: 'moveNode', nodeId: 'qualification', position: { x: 1, y: 1 } },
          {
            type: 'connect',
            edge: { id: 'e-new', source: 'qualification', sourceHandle: 'reject', target: 'ghost' },
          },
        ],
      },
    });
    assert.equal(response.statusCode, 400);
    assert.equal(body(response).code, 'VALIDATION_FAILED');
    assert.match(String(body(response).message), /Operation 2 \(connect\)/);
    assert.equal((body(response).issues as Body[])[0]?.path, '/body/operations/1/edge/target');

    const badHandle = await t.as('integrator', {
      method: 'POST',
      url: `/api/flows/${flowId}/operations`,
      payload: {
        expectedVersion: 2,
        operations: [
          {
            type: 'connect',
            edge: { id: 'e-x', source: 'qualification', sourceHandle: 'out', target: 'contact-fields' },
          },
        ],
      },
    });
    assert.equal(badHandle.statusCode, 400);
    assert.equal((body(badHandle).issues as Body[])[0]?.path, '/body/operations/0/edge/sourceHandle');

    const unknownNode = await t.as('integrator', {
      method: 'POST',
      url: `/api/flows/${flowId}/operations`,
      payload: { expectedVersion: 2, operations: [{ type: 'deleteNode', nodeId: 'ghost' }] },
    });
    assert.equal(unknownNode.statusCode, 400);
    assert.equal((body(unknownNode).issues as Body[])[0]?.path, '/body/operations/0/nodeId');
    assert.equal(await currentVersion(flowId), 2);
  });

  test('a malformed operation is refused with 400 naming the operation and field', async () => {
    const cases: [unknown, string][] = [
      [{ type: 'moveNode', nodeId: 'qualification' }, '/body/operations/0/position'],
      [
        { type: 'moveNode', nodeId: 'qualification', position: { x: 'left', y: 0 } },
        '/body/operations/0/position/x',
      ],
      [{ type: 'teleport', nodeId: 'qualification' }, '/body/operations/0/type'],
      [{ type: 'updateNode', nodeId: 'qualification', colour: 'red' }, '/body/operations/0/colour'],
      [
        { type: 'addNode', node: { id: 'n', type: 'sorcery', position: { x: 0, y: 0 }, config: {} } },
        '/body/operations/0/node/type',
      ],
    ];
    for (const [operation, path] of cases) {
      const response = await t.as('integrator', {
        method: 'POST',
        url: `/api/flows/${flowId}/operations`,
        payload: { expectedVersion: 2, operations: [operation] },
      });
      assert.equal(response.statusCode, 400, JSON.stringify(operation));
      const paths = (body(response).issues as { path: string }[]).map((i) => i.path);
      assert.ok(paths.includes(path), `${JSON.stringify(operation)}: ${paths.join(', ')}`);
    }
    assert.equal(await currentVersion(flowId), 2);
  });

  test('operations that leave an invalid flow are refused with 422 naming the node', async () => {
    const response = await t.as('integrator', {
      method: 'POST',
      url: `/api/flows/${flowId}/operations`,
      payload: {
        expectedVersion: 2,
        operations: [
          {
            type: 'addNode',
            node: { id: 'extra-map', type: 'map', position: { x: 0, y: 400 }, config: { fields: [] } },
          },
          {
            type: 'connect',
            edge: { id: 'e-extra', source: 'qualification', sourceHandle: 'reject', target: 'extra-map' },
          },
        ],
      },
    });
    assert.equal(response.statusCode, 422);
    assert.equal(body(response).code, 'FLOW_INVALID');
    const issue = (body(response).issues as Body[]).find((i) => i.nodeId === 'extra-map');
    assert.match(String(issue?.path), /^\/nodes\/6\/config\/fields/);
    assert.equal(await currentVersion(flowId), 2);
  });
});

describe('validate, import and export', () => {
  test('validate reports per-node issues and saves nothing', async () => {
    const broken = { ...flowFile(ACCOUNTS_FLOW), id: 'validate-only' };
    const upsert = broken.nodes.find((n) => n.type === 'upsert');
    if (upsert?.type === 'upsert') upsert.config.connection = 'missing-connection';
    const response = await t.as('viewer', {
      method: 'POST',
      url: '/api/flows/validate',
      payload: { flow: broken },
    });
    assert.equal(response.statusCode, 200);
    assert.equal(body(response).ok, false);
    const issue = (body(response).issues as Body[])[0];
    assert.equal(issue?.code, 'unknownConnection');
    assert.equal(issue?.nodeId, upsert?.id);

    const fine = await t.as('analyst', {
      method: 'POST',
      url: '/api/flows/validate',
      payload: { flow: flowFile(ACCOUNTS_FLOW) },
    });
    assert.deepEqual(body(fine), { ok: true, issues: [] });
    assert.equal(await t.store.flows.state('validate-only'), null);
  });

  test('export downloads the file; importing it back changes nothing; an edited file becomes a new version', async () => {
    const flowId = 'round-trip-flow';
    await createFlow(flowId);
    const exported = await t.as('viewer', { method: 'GET', url: `/api/flows/${flowId}/export` });
    assert.equal(exported.statusCode, 200);
    assert.equal(exported.headers['content-disposition'], `attachment; filename="${flowId}.flow.json"`);
    assert.match(String(exported.headers['content-type']), /^application\/json/);
    const file = JSON.parse(exported.body) as ReturnType<typeof flowFile>;
    assert.deepEqual(file, (await t.store.flows.get(flowId))?.flow);

    const same = await t.as('integrator', { method: 'POST', url: '/api/flows/import', payload: file });
    assert.equal(same.statusCode, 200);
    assert.equal(body(same).changed, false);
    assert.equal(await currentVersion(flowId), 1);

    const edited = await t.as('integrator', {
      method: 'POST',
      url: '/api/flows/import?message=from%20staging',
      payload: { ...file, name: 'Contacts (staging copy)' },
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(body(edited).version, 2);
    assert.equal(body(edited).created, false);
    const audit = await t.store.audit.list({ subject: `flow:${flowId}` });
    assert.equal(audit[0]?.action, 'flow.imported');
    assert.deepEqual(audit[0]?.detail?.['changes'], [
      'Flow renamed from "NetSuite Contacts → Salesforce Contacts" to "Contacts (staging copy)"',
    ]);

    const oldFile = await t.as('viewer', { method: 'GET', url: `/api/flows/${flowId}/export?version=1` });
    assert.equal(JSON.parse(oldFile.body).name, 'NetSuite Contacts → Salesforce Contacts');

    const stale = await t.as('integrator', {
      method: 'POST',
      url: '/api/flows/import?expectedVersion=1',
      payload: { ...file, name: 'Late import' },
    });
    assert.equal(stale.statusCode, 409);
    assert.equal((body(stale).issues as Body[])[0]?.path, '/querystring/expectedVersion');

    const fresh = await t.as('admin', {
      method: 'POST',
      url: '/api/flows/import',
      payload: { ...file, id: 'imported-flow' },
    });
    assert.equal(fresh.statusCode, 201);
    assert.equal(body(fresh).created, true);
    assert.equal(await currentVersion('imported-flow'), 1);

    const invalid = await t.as('admin', {
      method: 'POST',
      url: '/api/flows/import',
      payload: { ...file, id: 'invalid-import', schemaVersion: 99 },
    });
    assert.equal(invalid.statusCode, 422);
    assert.equal((body(invalid).issues as Body[])[0]?.path, '/schemaVersion');
    assert.equal(await t.store.flows.state('invalid-import'), null);
  });
});

describe('deleting flows', () => {
  test('an enabled flow cannot be deleted; a disabled one goes with its versions, audited and published', async () => {
    const flowId = 'doomed-flow';
    await createFlow(flowId);
    await t.store.flows.setEnabled(flowId, true, 'admin@test.flowsync');
    const refused = await t.as('admin', { method: 'DELETE', url: `/api/flows/${flowId}` });
    assert.equal(refused.statusCode, 409);
    assert.match(String(body(refused).message), /switch it off/);
    assert.equal(await currentVersion(flowId), 1);

    await t.store.flows.setEnabled(flowId, false, 'admin@test.flowsync');
    const deleted = await t.as('admin', { method: 'DELETE', url: `/api/flows/${flowId}` });
    assert.equal(deleted.statusCode, 200);
    assert.deepEqual(body(deleted), { flowId, deleted: true });
    assert.equal((await t.as('viewer', { method: 'GET', url: `/api/flows/${flowId}` })).statusCode, 404);
    assert.equal(
      (await t.as('viewer', { method: 'GET', url: `/api/flows/${flowId}/versions` })).statusCode,
      404,
    );
    const audit = await t.store.audit.list({ subject: `flow:${flowId}` });
    assert.equal(audit[0]?.action, 'flow.deleted');
    assert.equal(audit[0]?.actor, 'admin@test.flowsync');
    assert.ok(published.some((e) => e.flowId === flowId && e.deleted === true));

    const again = await t.as('admin', { method: 'DELETE', url: `/api/flows/${flowId}` });
    assert.equal(again.statusCode, 404);
  });
});

describe('schedules are checked on save', () => {
  it('refuses an invalid cron expression or time zone, naming the field', async () => {
    const t = await createTestApp();
    try {
      const doc = JSON.parse(
        readFileSync(
          new URL('../../../flows/netsuite-contacts-to-salesforce.flow.json', import.meta.url),
          'utf8',
        ),
      ) as {
        nodes: { type: string; config: Record<string, unknown> }[];
      };
      await t.store.connections.put({ name: 'netsuite', kind: 'netsuite', config: {}, secrets: {} }, 'test');
      await t.store.connections.put(
        { name: 'salesforce', kind: 'salesforce', config: {}, secrets: {} },
        'test',
      );
      const refusedAt = async (path: string) => {
        const response = await t.as('integrator', {
          method: 'POST',
          url: '/api/flows',
          payload: { flow: doc },
        });
        assert.equal(response.statusCode, 422, response.body);
        const issues = response.json<{ issues: { path: string }[] }>().issues;
        assert.ok(
          issues.some((i) => i.path === path),
          response.body,
        );
      };
      const trigger = doc.nodes.find((n) => n.type === 'trigger')!;
      trigger.config.schedule = { kind: 'cron', expression: '61 * * * *' };
      await refusedAt('/nodes/0/config/schedule/expression');
      trigger.config.schedule = { kind: 'cron', expression: '0 6 * * 1-5', timezone: 'Mars/Olympus' };
      await refusedAt('/nodes/0/config/schedule/timezone');
      trigger.config.schedule = { kind: 'cron', expression: '0 6 * * 1-5', timezone: 'Europe/Amsterdam' };
      const good = await t.as('integrator', { method: 'POST', url: '/api/flows', payload: { flow: doc } });
      assert.equal(good.statusCode, 201, good.body);
    } finally {
      await t.close();
    }
  });
});
