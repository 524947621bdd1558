import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Flow, FlowChangedEvent, FlowOperation, ServerMessage } from '@flowsync/contracts';
import type { Role } from '@flowsync/store';
import { createTestApp, ROLES, type TestApp } from './support/test-app.ts';
import { CONTACTS_FLOW, flowFile, nodeOf, storeUnreachableConnections } from './support/flows-fixtures.ts';

interface Issue {
  path: string;
  message: string;
  nodeId?: string;
}
interface ErrorBody {
  code: string;
  message: string;
  issues?: Issue[];
}

let t: TestApp;
const published: FlowChangedEvent[] = [];
const changedFlows: string[] = [];

before(async () => {
  t = await createTestApp();
  await storeUnreachableConnections(t.store);
  t.services.hub.subscribe('flows', (message: ServerMessage) => {
    if (message.type === 'flow.changed') published.push(message);
  });
  // Observe the scheduler hand-off without changing what it does.
  const original = t.services.onFlowChanged.bind(t.services);
  t.services.onFlowChanged = async (flowId) => {
    changedFlows.push(flowId);
    await original(flowId);
  };
});
after(() => t.close());

const parse = <T>(response: { body: string }): T => JSON.parse(response.body) as T;

async function createFlow(flowId: string): Promise<void> {
  const response = await t.as('integrator', {
    method: 'POST',
    url: '/api/flows',
    payload: { flow: { ...flowFile(CONTACTS_FLOW), id: flowId } },
  });
  assert.equal(response.statusCode, 201, response.body);
}

async function current(flowId: string): Promise<{ flow: Flow; version: number }> {
  const found = await t.store.flows.get(flowId);
  assert.ok(found, `flow ${flowId} exists`);
  return { flow: structuredClone(found.flow), version: found.version };
}

function qualify(flow: Flow) {
  const { node, index } = nodeOf(flow, 'qualification');
  if (node.type !== 'qualify') throw new Error('fixture changed');
  return { node, index };
}

describe('analysts change qualification criteria and nothing else', () => {
  const flowId = 'analyst-flow';
  before(() => createFlow(flowId));

  test('a criteria edit is saved as a version and audited with the diff', async () => {
    const { flow, version } = await current(flowId);
    const before = qualify(flow).node.config.expression;
    const after =
      "$exists($account.targetId) and $exists(company.id) and company.id != '' and $exists(email)";
    qualify(flow).node.config.expression = after;
    const response = await t.as('analyst', {
      method: 'PUT',
      url: `/api/flows/${flowId}`,
      payload: { flow, expectedVersion: version, message: 'contacts need an email' },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(parse<{ version: number }>(response).version, version + 1);
    assert.equal(qualify((await current(flowId)).flow).node.config.expression, after);

    const [entry] = await t.store.audit.list({ subject: `flow:${flowId}` });
    assert.equal(entry?.actor, 'analyst@test.flowsync');
    assert.equal(entry?.action, 'flow.saved');
    const change = `Qualify "Qualification criteria": expression changed from ${JSON.stringify(before)} to ${JSON.stringify(after)}`;
    assert.deepEqual(entry?.detail?.['changes'], [change]);
    assert.equal(
      entry?.detail?.['summary'],
      `qualification criteria changed by analyst@test.flowsync: ${change}`,
    );
    assert.ok(
      published.some(
        (e) => e.flowId === flowId && e.version === version + 1 && e.by === 'analyst@test.flowsync',
      ),
    );
    assert.ok(changedFlows.includes(flowId));
  });

  test('criteria and their description may also be changed through operations', async () => {
    const { flow, version } = await current(flowId);
    const config = {
      ...qualify(flow).node.config,
      description: 'Company synced, company id and email present.',
    };
    const response = await t.as('analyst', {
      method: 'POST',
      url: `/api/flows/${flowId}/operations`,
      payload: {
        expectedVersion: version,
        operations: [{ type: 'updateConfig', nodeId: 'qualification', config }],
      },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(
      qualify((await current(flowId)).flow).node.config.description,
      'Company synced, company id and email present.',
    );
  });

  test('an invalid criteria expression is a 422 with the node, not a 403', async () => {
    const { flow, version } = await current(flowId);
    qualify(flow).node.config.expression = 'company.id = (';
    const response = await t.as('analyst', {
      method: 'PUT',
      url: `/api/flows/${flowId}`,
      payload: { flow, expectedVersion: version },
    });
    assert.equal(response.statusCode, 422);
    const issue = parse<ErrorBody>(response).issues?.[0];
    assert.equal(issue?.nodeId, 'qualification');
    assert.equal(issue?.path, `/nodes/${qualify(flow).index}/config/expression`);
  });

  test('every other change is refused with 403 naming the field, and nothing is written', async () => {
    const { flow: base, version } = await current(flowId);
    const upsert = nodeOf(base, 'upsert-contact');
    const edits: { name: string; edit: (flow: Flow) => void; paths: string[]; nodeId?: string }[] = [
      {
        name: 'upsert target object',
        edit: (flow) => {
          const node = flow.nodes[upsert.index];
          if (node?.type === 'upsert') node.config.object = 'Lead';
        },
        paths: [`/nodes/${upsert.index}/config/object`],
        nodeId: 'upsert-contact',
      },
      {
        name: 'criteria together with a map field: the criteria are not saved either',
        edit: (flow) => {
          qualify(flow).node.config.expression = 'true';
          const map = flow.nodes.find((n) => n.id === 'contact-fields');
          if (map?.type === 'map' && map.config.fields[0]?.kind === 'expression')
            map.config.fields[0].expression = 'firstName & " " & lastName';
        },
        paths: [`/nodes/${nodeOf(base, 'contact-fields').index}/config/fields/0/expression`],
        nodeId: 'contact-fields',
      },
      {
        name: 'an invalid change outside the criteria',
        edit: (flow) => {
          const node = flow.nodes[upsert.index];
          if (node?.type === 'upsert') node.config.object = '';
        },
        paths: [`/nodes/${upsert.index}/config/object`],
        nodeId: 'upsert-contact',
      },
      {
        name: 'the qualify node label',
        edit: (flow) => {
          qualify(flow).node.label = 'Renamed by analyst';
        },
        paths: [`/nodes/${qualify(base).index}/label`],
        nodeId: 'qualification',
      },
      {
        name: 'moving a node',
        edit: (flow) => {
          qualify(flow).node.position = { x: 1, y: 2 };
        },
        paths: [`/nodes/${qualify(base).index}/position`],
        nodeId: 'qualification',
      },
      {
        name: 'settings',
        edit: (flow) => {
          flow.settings.batchSize = 10;
        },
        paths: ['/settings/batchSize'],
      },
      {
        name: 'the flow name',
        edit: (flow) => {
          flow.name = 'Mine now';
        },
        paths: ['/name'],
      },
      {
        name: 'an edge id (invisible to the diff)',
        edit: (flow) => {
          const edge = flow.edges[0];
          if (edge) edge.id = 'renamed-edge';
        },
        paths: ['/edges/0/id'],
      },
    ];
    for (const { name, edit, paths, nodeId } of edits) {
      const flow = structuredClone(base);
      edit(flow);
      const response = await t.as('analyst', {
        method: 'PUT',
        url: `/api/flows/${flowId}`,
        payload: { flow, expectedVersion: version },
      });
      assert.equal(response.statusCode, 403, `${name}: ${response.body}`);
      const error = parse<ErrorBody>(response);
      assert.equal(error.code, 'FORBIDDEN', name);
      assert.deepEqual(
        error.issues?.map((i) => i.path),
        paths,
        name,
      );
      if (nodeId) assert.equal(error.issues?.[0]?.nodeId, nodeId, name);
      assert.match(error.message, /qualification criteria only/, name);
    }
    assert.equal((await current(flowId)).version, version, 'nothing was written');
  });

  test('operations other than criteria edits are refused with 403 naming the field', async () => {
    const { flow, version } = await current(flowId);
    const trigger = nodeOf(flow, 'contacts-changed');
    const operations: [FlowOperation, string][] = [
      [
        { type: 'moveNode', nodeId: 'qualification', position: { x: 9, y: 9 } },
        `/nodes/${qualify(flow).index}/position`,
      ],
      [
        {
          type: 'updateConfig',
          nodeId: 'contacts-changed',
          config: { ...(trigger.node.config as object), object: 'customer' },
        },
        `/nodes/${trigger.index}/config/object`,
      ],
      [{ type: 'deleteNode', nodeId: 'upsert-contact' }, `/nodes/${nodeOf(flow, 'upsert-contact').index}`],
      [{ type: 'disconnect', edgeId: 'contact-fields:out->upsert-contact' }, '/edges/6'],
      [{ type: 'renameFlow', name: 'Analyst flow' }, '/name'],
      [
        {
          type: 'addNode',
          node: {
            id: 'second-qualify',
            type: 'qualify',
            position: { x: 0, y: 0 },
            config: { expression: 'true' },
          },
        },
        `/nodes/${flow.nodes.length}`,
      ],
    ];
    for (const [operation, path] of operations) {
      const response = await t.as('analyst', {
        method: 'POST',
        url: `/api/flows/${flowId}/operations`,
        payload: { expectedVersion: version, operations: [operation] },
      });
      assert.equal(response.statusCode, 403, `${operation.type}: ${response.body}`);
      const paths = parse<ErrorBody>(response).issues?.map((i) => i.path) ?? [];
      assert.ok(paths.includes(path), `${operation.type}: expected ${path} in ${paths.join(', ')}`);
    }
    assert.equal((await current(flowId)).version, version);
  });

  test('an analyst may restore a version that differs in criteria only', async () => {
    const { version } = await current(flowId);
    // Version 1 differs from the current one in the criteria and their description only.
    const restored = await t.as('analyst', {
      method: 'POST',
      url: `/api/flows/${flowId}/versions/1/restore`,
      payload: { expectedVersion: version },
    });
    assert.equal(restored.statusCode, 200, restored.body);

    const integratorEdit = await current(flowId);
    integratorEdit.flow.settings.batchSize = 25;
    const saved = await t.as('integrator', {
      method: 'PUT',
      url: `/api/flows/${flowId}`,
      payload: { flow: integratorEdit.flow, expectedVersion: integratorEdit.version },
    });
    assert.equal(saved.statusCode, 200);
    const refused = await t.as('analyst', {
      method: 'POST',
      url: `/api/flows/${flowId}/versions/1/restore`,
      payload: { expectedVersion: integratorEdit.version + 1 },
    });
    assert.equal(refused.statusCode, 403);
    assert.deepEqual(
      parse<ErrorBody>(refused).issues?.map((i) => i.path),
      ['/settings/batchSize'],
    );
  });
});

describe('switching flows on and off', () => {
  const flowId = 'switch-flow';
  before(() => createFlow(flowId));

  test('only admins switch a flow; the change is audited, published and handed to the scheduler', async () => {
    for (const role of ['integrator', 'analyst', 'viewer'] as const) {
      const response = await t.as(role, {
        method: 'PUT',
        url: `/api/flows/${flowId}/enabled`,
        payload: { enabled: true },
      });
      assert.equal(response.statusCode, 403, role);
      assert.equal(parse<ErrorBody>(response).code, 'FORBIDDEN');
      assert.match(parse<ErrorBody>(response).message, /admin/);
    }
    assert.equal((await t.store.flows.state(flowId))?.enabled, false);

    changedFlows.length = 0;
    const enabled = await t.as('admin', {
      method: 'PUT',
      url: `/api/flows/${flowId}/enabled`,
      payload: { enabled: true },
    });
    assert.equal(enabled.statusCode, 200, enabled.body);
    assert.deepEqual(
      { ...parse<Record<string, unknown>>(enabled), updatedAt: undefined },
      { flowId, enabled: true, currentVersion: 1, updatedAt: undefined, updatedBy: 'admin@test.flowsync' },
    );
    assert.deepEqual(changedFlows, [flowId]);
    const event = published.findLast((e) => e.flowId === flowId);
    assert.equal(event?.enabled, true);
    assert.equal(event?.by, 'admin@test.flowsync');
    const [entry] = await t.store.audit.list({ subject: `flow:${flowId}` });
    assert.equal(entry?.action, 'flow.enabled');
    assert.equal(entry?.actor, 'admin@test.flowsync');
    const detail = parse<{ enabled: boolean; updatedBy: string }>(
      await t.as('viewer', { method: 'GET', url: `/api/flows/${flowId}` }),
    );
    assert.equal(detail.enabled, true);
    assert.equal(detail.updatedBy, 'admin@test.flowsync');

    const disabled = await t.as('admin', {
      method: 'PUT',
      url: `/api/flows/${flowId}/enabled`,
      payload: { enabled: false },
    });
    assert.equal(disabled.statusCode, 200);
    assert.equal(published.findLast((e) => e.flowId === flowId)?.enabled, false);
    assert.equal((await t.store.audit.list({ subject: `flow:${flowId}` }))[0]?.action, 'flow.disabled');
  });

  test('enabling a flow whose connections do not exist is refused with 422 naming them', async () => {
    await t.store.connections.delete('salesforce');
    try {
      const response = await t.as('admin', {
        method: 'PUT',
        url: `/api/flows/${flowId}/enabled`,
        payload: { enabled: true },
      });
      assert.equal(response.statusCode, 422);
      const error = parse<ErrorBody>(response);
      assert.equal(error.code, 'CONNECTION_NOT_FOUND');
      assert.match(error.message, /"salesforce"/);
      assert.doesNotMatch(error.message, /"netsuite"/);
      assert.deepEqual(
        error.issues?.map((i) => i.nodeId),
        ['existing-contact', 'upsert-contact'],
      );
      assert.equal((await t.store.flows.state(flowId))?.enabled, false);
    } finally {
      await storeUnreachableConnections(t.store);
    }
  });

  test('bad input is refused naming the field', async () => {
    const response = await t.as('admin', {
      method: 'PUT',
      url: `/api/flows/${flowId}/enabled`,
      payload: { enabled: 'yes' },
    });
    assert.equal(response.statusCode, 400);
    assert.equal(parse<ErrorBody>(response).issues?.[0]?.path, '/body/enabled');
    const unknown = await t.as('admin', {
      method: 'PUT',
      url: '/api/flows/no-such-flow/enabled',
      payload: { enabled: true },
    });
    assert.equal(unknown.statusCode, 404);
  });
});

describe('role matrix of the mutating flow routes', () => {
  const flowId = 'matrix-flow';
  before(() => createFlow(flowId));

  let created = 0;
  type Call = (role: Role) => Promise<{ method: string; url: string; payload?: unknown }>;
  const criteriaEdit: Call = async () => {
    const { flow, version } = await current(flowId);
    qualify(flow).node.config.expression = `${qualify(flow).node.config.expression} and true`;
    return { method: 'PUT', url: `/api/flows/${flowId}`, payload: { flow, expectedVersion: version } };
  };
  const routes: { name: string; allowed: readonly Role[]; call: Call }[] = [
    {
      name: 'POST /flows',
      allowed: ['admin', 'integrator'],
      call: async (role) => ({
        method: 'POST',
        url: '/api/flows',
        payload: { flow: { ...flowFile(CONTACTS_FLOW), id: `matrix-created-${role}` } },
      }),
    },
    {
      name: 'POST /flows/import',
      allowed: ['admin', 'integrator'],
      call: async (role) => ({
        method: 'POST',
        url: '/api/flows/import',
        payload: { ...flowFile(CONTACTS_FLOW), id: `matrix-imported-${role}` },
      }),
    },
    { name: 'PUT /flows/:flowId', allowed: ['admin', 'integrator', 'analyst'], call: criteriaEdit },
    {
      name: 'POST /flows/:flowId/operations',
      allowed: ['admin', 'integrator', 'analyst'],
      call: async () => {
        const { flow, version } = await current(flowId);
        const config = { ...qualify(flow).node.config, description: `edited at ${version}` };
        return {
          method: 'POST',
          url: `/api/flows/${flowId}/operations`,
          payload: {
            expectedVersion: version,
            operations: [{ type: 'updateConfig', nodeId: 'qualification', config }],
          },
        };
      },
    },
    {
      name: 'POST /flows/:flowId/versions/:version/restore',
      allowed: ['admin', 'integrator', 'analyst'],
      call: async () => {
        const { version } = await current(flowId);
        return {
          method: 'POST',
          url: `/api/flows/${flowId}/versions/1/restore`,
          payload: { expectedVersion: version },
        };
      },
    },
    {
      name: 'PUT /flows/:flowId/enabled',
      allowed: ['admin'],
      call: async () => {
        const enabled = (await t.store.flows.state(flowId))?.enabled ?? false;
        return { method: 'PUT', url: `/api/flows/${flowId}/enabled`, payload: { enabled: !enabled } };
      },
    },
    {
      name: 'POST /flows/validate',
      allowed: ROLES,
      call: async () => ({
        method: 'POST',
        url: '/api/flows/validate',
        payload: { flow: flowFile(CONTACTS_FLOW) },
      }),
    },
    {
      name: 'DELETE /flows/:flowId',
      allowed: ['admin'],
      call: async (role) => {
        const id = `matrix-delete-${role}-${++created}`;
        await createFlow(id);
        return { method: 'DELETE', url: `/api/flows/${id}` };
      },
    },
  ];

  for (const route of routes) {
    test(route.name, async () => {
      for (const role of ROLES) {
        const { method, url, payload } = await route.call(role);
        const versionBefore = (await t.store.flows.state(flowId))?.currentVersion;
        const response = await t.as(role, {
          method: method as 'POST',
          url,
          ...(payload === undefined ? {} : { payload: payload as object }),
        });
        if (route.allowed.includes(role)) {
          assert.ok(
            response.statusCode >= 200 && response.statusCode < 300,
            `${role}: ${response.statusCode} ${response.body}`,
          );
        } else {
          assert.equal(response.statusCode, 403, `${role}: ${response.body}`);
          assert.equal(parse<ErrorBody>(response).code, 'FORBIDDEN');
          assert.equal(
            (await t.store.flows.state(flowId))?.currentVersion,
            versionBefore,
            `${role} wrote nothing`,
          );
        }
      }
      const anonymous = await route.call('viewer');
      const response = await t.app.inject({
        method: anonymous.method as 'POST',
        url: anonymous.url,
        ...(anonymous.payload === undefined ? {} : { payload: anonymous.payload as object }),
      });
      assert.equal(response.statusCode, 401);
    });
  }

  test('every flow read needs a signed-in caller', async () => {
    for (const url of [
      '/api/flows',
      `/api/flows/${flowId}`,
      `/api/flows/${flowId}/versions`,
      `/api/flows/${flowId}/versions/1`,
      `/api/flows/${flowId}/diff`,
      `/api/flows/${flowId}/export`,
    ]) {
      assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 401, url);
      assert.equal((await t.as('viewer', { method: 'GET', url })).statusCode, 200, url);
    }
  });
});
