import type { FastifyInstance } from 'fastify';
import { applyFaultRequest, type FaultRequest } from '../shared/faults.ts';
import { sendError, type NetSuiteContext } from './netsuite-context.ts';
import { NetSuiteApiError } from './netsuite-errors.ts';
import { isRecordType, type RecordType } from './netsuite-schema.ts';
import { createRecord, deleteRecord, requireRecord, updateRecord } from './netsuite-store.ts';
import { toNormalizedRecord } from './netsuite-views.ts';

function objectOf(name: string): RecordType {
  if (!isRecordType(name)) {
    throw new NetSuiteApiError(404, {
      detail: `Record type '${name}' does not exist.`,
      'o:errorCode': 'NONEXISTENT_ID',
    });
  }
  return name;
}

/**
 * `/__admin`: fault switches, webhook subscriptions, record inspection, and record changes made "as a
 * user in the UI" — those fire the realtime event a user-event SuiteScript would post. Changes made
 * through the REST API do not: integrations deploy such scripts for the UI context only, which also
 * keeps the connector's own write-backs from echoing.
 */
export async function adminRoutes(
  app: FastifyInstance,
  { context }: { context: NetSuiteContext },
): Promise<void> {
  const { state, webhooks, settings } = context;

  app.addHook('onRequest', async (request, reply) => {
    if (request.headers['x-sandbox-admin'] !== settings.adminToken) {
      return reply.code(401).send({ error: 'unauthorized', message: 'Send the x-sandbox-admin header' });
    }
    return undefined;
  });

  app.post<{ Body: FaultRequest }>('/faults', async (request) => {
    const body = request.body ?? {};
    applyFaultRequest(context.faults, body, context.clock());
    // Every issued OAuth 2.0 token dies at once; TBA tokens never expire.
    if (body.expireTokens) state.auth.bearerTokens.clear();
    return context.faults;
  });

  app.post<{ Body: { url?: unknown; secret?: unknown; objects?: unknown } }>(
    '/subscriptions',
    async (request, reply) => {
      const { url, secret, objects = [] } = request.body ?? {};
      if (typeof url !== 'string' || typeof secret !== 'string' || !Array.isArray(objects)) {
        return reply.code(400).send({ error: 'invalid_request', message: 'Send {url, secret, objects}' });
      }
      const subscription = webhooks.subscribe({ url, secret, objects: objects.map(String) });
      return reply.code(201).send(subscription);
    },
  );

  app.delete<{ Params: { id: string } }>('/subscriptions/:id', async (request, reply) =>
    webhooks.unsubscribe(request.params.id)
      ? reply.code(204).send()
      : reply.code(404).send({ error: 'not_found', message: 'No such subscription' }),
  );

  app.get<{ Params: { object: string } }>('/records/:object', async (request) => {
    const type = objectOf(request.params.object);
    return [...state.store.records[type].values()].map((record) => toNormalizedRecord(type, record));
  });

  app.post<{ Params: { object: string } }>('/records/:object', async (request, reply) => {
    const type = objectOf(request.params.object);
    const record = createRecord(state.store, type, request.body, { lenientReferences: true });
    const normalized = toNormalizedRecord(type, record);
    webhooks.notify(type, 'create', record.id, normalized);
    return reply.code(201).send(normalized);
  });

  app.patch<{ Params: { object: string; id: string } }>('/records/:object/:id', async (request) => {
    const type = objectOf(request.params.object);
    const record = requireRecord(state.store, type, request.params.id);
    updateRecord(state.store, type, record, request.body, { lenientReferences: true });
    const normalized = toNormalizedRecord(type, record);
    webhooks.notify(type, 'update', record.id, normalized);
    return normalized;
  });

  app.delete<{ Params: { object: string; id: string } }>('/records/:object/:id', async (request, reply) => {
    const type = objectOf(request.params.object);
    const record = requireRecord(state.store, type, request.params.id);
    deleteRecord(state.store, type, record);
    webhooks.notify(type, 'delete', record.id);
    return reply.code(204).send();
  });

  app.post('/reset', async () => {
    context.resetData();
    return { ok: true };
  });

  app.get('/stats', async () => ({ ...state.stats, loginFailures: state.loginAudit.length }));

  app.get('/login-audit', async () => state.loginAudit);

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof NetSuiteApiError) return sendError(reply, error);
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    return reply
      .code(status)
      .send({ error: 'error', message: error instanceof Error ? error.message : String(error) });
  });
}
