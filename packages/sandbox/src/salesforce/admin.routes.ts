import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { applyFaultRequest, type FaultRequest } from '../shared/faults.ts';
import { RecordFailure } from './api-errors.ts';
import type { EmulatorContext } from './emulator-context.ts';
import type { ObjectName, RecordFault, ValidationRule } from './record-store.ts';
import { findSObject, type SObjectSchema } from './sobject-schema.ts';

const ADMIN_VERSION = 'v62.0';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badRequest(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(400).send({ error: 'bad_request', message });
}

/**
 * The sandbox's own API under `/__admin` (header `x-sandbox-admin`): faults, webhook subscriptions,
 * records as a user would create and edit them in the UI (firing the realtime event), validation rules,
 * per-record faults, refresh tokens, reset and call statistics.
 */
export async function adminPlugin(app: FastifyInstance, context: EmulatorContext): Promise<void> {
  const { state, faults, webhooks } = context;

  app.addHook('onRequest', async (request, reply) => {
    if (request.headers['x-sandbox-admin'] !== context.adminToken) {
      return reply
        .code(401)
        .send({ error: 'unauthorized', message: 'x-sandbox-admin header missing or wrong' });
    }
  });

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof RecordFailure) return reply.code(400).send(error.toApiError().toBody());
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    return reply
      .code(status)
      .send({ error: 'error', message: error instanceof Error ? error.message : String(error) });
  });

  const schemaOrReply = (object: string, reply: FastifyReply): SObjectSchema | undefined => {
    const schema = findSObject(object);
    if (schema === undefined)
      void reply.code(404).send({ error: 'not_found', message: `Unknown object ${object}` });
    return schema;
  };

  app.post('/faults', async (request) =>
    applyFaultRequest(faults, (request.body ?? {}) as FaultRequest, context.clock()),
  );

  app.post('/subscriptions', async (request, reply) => {
    const body = request.body;
    if (!isRecord(body) || typeof body['url'] !== 'string' || typeof body['secret'] !== 'string') {
      return badRequest(reply, 'url and secret are required');
    }
    const objects = Array.isArray(body['objects'])
      ? body['objects'].filter((o): o is string => typeof o === 'string')
      : [];
    return reply.code(201).send(webhooks.subscribe({ url: body['url'], secret: body['secret'], objects }));
  });

  app.delete('/subscriptions/:id', async (request, reply) => {
    const removed = webhooks.unsubscribe((request.params as { id: string }).id);
    return reply.code(removed ? 204 : 404).send();
  });

  app.get('/records/:object', async (request, reply) => {
    const schema = schemaOrReply((request.params as { object: string }).object, reply);
    if (schema === undefined) return reply;
    return [...state.store.objects[schema.name].values()].map((r) =>
      state.toApiRecord(schema, r, ADMIN_VERSION),
    );
  });

  app.post('/records/:object', async (request, reply) => {
    const schema = schemaOrReply((request.params as { object: string }).object, reply);
    if (schema === undefined) return reply;
    if (!isRecord(request.body)) return badRequest(reply, 'a JSON object is required');
    const record = state.toApiRecord(schema, state.store.create(schema, request.body), ADMIN_VERSION);
    webhooks.notify(schema.name, 'create', String(record['Id']), record);
    return reply.code(201).send(record);
  });

  app.patch('/records/:object/:id', async (request, reply) => {
    const { object, id } = request.params as { object: string; id: string };
    const schema = schemaOrReply(object, reply);
    if (schema === undefined) return reply;
    if (!isRecord(request.body)) return badRequest(reply, 'a JSON object is required');
    if (state.store.get(id)?.schema !== schema)
      return reply.code(404).send({ error: 'not_found', message: `No ${schema.name} ${id}` });
    const record = state.toApiRecord(schema, state.store.update(schema, id, request.body), ADMIN_VERSION);
    webhooks.notify(schema.name, 'update', String(record['Id']), record);
    return record;
  });

  app.delete('/records/:object/:id', async (request, reply) => {
    const { object, id } = request.params as { object: string; id: string };
    const schema = schemaOrReply(object, reply);
    if (schema === undefined) return reply;
    const found = state.store.get(id);
    if (found?.schema !== schema)
      return reply.code(404).send({ error: 'not_found', message: `No ${schema.name} ${id}` });
    state.store.delete(id);
    webhooks.notify(schema.name, 'delete', String(found.record['Id']));
    return reply.code(204).send();
  });

  app.get('/validation-rules', async () => state.store.validationRules);

  app.post('/validation-rules', async (request, reply) => {
    const body = request.body;
    if (
      !isRecord(body) ||
      typeof body['object'] !== 'string' ||
      typeof body['field'] !== 'string' ||
      typeof body['pattern'] !== 'string'
    ) {
      return badRequest(reply, 'object, field and pattern are required');
    }
    const schema = schemaOrReply(body['object'], reply);
    if (schema === undefined) return reply;
    const field = schema.byLowerName.get(body['field'].toLowerCase());
    if (field === undefined) return badRequest(reply, `${schema.name} has no field ${body['field']}`);
    try {
      new RegExp(body['pattern']);
    } catch {
      return badRequest(reply, `pattern is not a valid regular expression: ${body['pattern']}`);
    }
    const rule: ValidationRule = {
      id: randomUUID(),
      object: schema.name,
      field: field.name,
      pattern: body['pattern'],
      message: typeof body['message'] === 'string' ? body['message'] : `${field.label} is not valid`,
    };
    state.store.validationRules.push(rule);
    return reply.code(201).send(rule);
  });

  app.delete('/validation-rules/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const before = state.store.validationRules.length;
    state.store.validationRules = state.store.validationRules.filter((r) => r.id !== id);
    return reply.code(state.store.validationRules.length < before ? 204 : 404).send();
  });

  app.delete('/validation-rules', async (_request, reply) => {
    state.store.validationRules = [];
    return reply.code(204).send();
  });

  app.post('/record-faults', async (request, reply) => {
    const body = request.body;
    if (!isRecord(body) || typeof body['statusCode'] !== 'string')
      return badRequest(reply, 'statusCode is required');
    let object: ObjectName | undefined;
    if (typeof body['object'] === 'string') {
      const schema = schemaOrReply(body['object'], reply);
      if (schema === undefined) return reply;
      object = schema.name;
    }
    const fault: RecordFault = {
      statusCode: body['statusCode'],
      remaining: typeof body['count'] === 'number' ? body['count'] : 1,
      ...(object === undefined ? {} : { object }),
      ...(typeof body['message'] === 'string' ? { message: body['message'] } : {}),
    };
    state.store.recordFaults.push(fault);
    return reply.code(201).send(fault);
  });

  app.post('/refresh-tokens', async (request, reply) => {
    const body = isRecord(request.body) ? request.body : {};
    const username = typeof body['username'] === 'string' ? body['username'] : context.username;
    const refreshToken = `5Aep861sandbox${randomBytes(24).toString('base64url')}`;
    state.refreshTokens.set(refreshToken, username);
    return reply.code(201).send({ refresh_token: refreshToken, username });
  });

  app.post('/reset', async (_request, reply) => {
    state.reset();
    applyFaultRequest(faults, { reset: true }, context.clock());
    return reply.code(204).send();
  });

  app.get('/stats', async () => ({
    apiUsage: state.apiUsage,
    apiLimit: state.options.apiLimit,
    calls: Object.fromEntries(state.calls),
    openCursors: state.cursors.size,
    records: { Account: state.store.objects.Account.size, Contact: state.store.objects.Contact.size },
  }));
}
