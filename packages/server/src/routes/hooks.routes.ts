import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError, FlowRunParams, WebhookAccepted } from '@flowsync/contracts';
import { ConnectorError, type RecordEvent } from '@flowsync/connector-sdk';
import { AppError, notFound } from '../app-error.ts';

/** Largest webhook delivery accepted. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/**
 * Realtime listeners, `POST /hooks/:flowId` (outside `/api`: systems call it, not users). The delivery
 * is verified with the trigger connection's connector (HMAC or token, per connector), filtered to the
 * event kinds and object the flow listens to, and stored in the webhook inbox before the 202; the
 * inbox processor then runs it. A switched-off flow, or one without a realtime trigger, answers 409
 * FLOW_DISABLED and stores nothing; so does every refused delivery. Delete events are accepted and
 * ignored for now (delete handling is not built yet).
 */
export const hooksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store, connectors } = app.services;

  // Signatures are computed over the exact bytes, so the body stays raw, whatever its content type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.post(
    '/:flowId',
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: {
        tags: ['hooks'],
        summary: 'Realtime listener of a flow: verified, stored, then processed',
        description:
          'Called by the source system, not by users: no session or API token; the delivery is verified ' +
          "with the trigger connection's webhook secret (HMAC signature or token, per connector).",
        security: [],
        params: FlowRunParams,
        response: {
          202: WebhookAccepted,
          400: ApiError,
          401: ApiError,
          404: ApiError,
          409: ApiError,
          422: ApiError,
        },
      },
    },
    async (request, reply) => {
      const { flowId } = request.params;
      const version = await store.flows.get(flowId);
      if (!version) throw notFound(`Flow ${flowId}`);
      const state = await store.flows.state(flowId);
      if (!state?.enabled) {
        throw new AppError(
          'FLOW_DISABLED',
          `Flow ${flowId} is switched off: its listener accepts no events until an admin switches it on`,
        );
      }
      const trigger = version.flow.nodes.find((n) => n.type === 'trigger');
      const realtime = trigger?.type === 'trigger' ? trigger.config.realtime : undefined;
      if (trigger?.type !== 'trigger' || !realtime) {
        throw new AppError(
          'FLOW_DISABLED',
          `Flow ${flowId} has no realtime trigger, so it does not listen for events`,
        );
      }
      const connectionName = trigger.config.connection;
      const connector = await connectors.get(connectionName);
      if (!connector.parseWebhook) {
        throw new AppError(
          'FLOW_DISABLED',
          `The ${connector.kind} connector of connection ${connectionName} does not receive realtime events`,
        );
      }
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      let events: RecordEvent[];
      try {
        events = connector.parseWebhook({ headers: request.headers, rawBody, url: request.url });
      } catch (error) {
        throw refusal(error, connectionName, request.log);
      }

      const listened = new Set<string>(realtime.events);
      const object = trigger.config.object.toLowerCase();
      // Delete events are not processed yet: accepted (so the sender does not retry) and ignored.
      const kept = events.filter(
        (e) => e.kind !== 'delete' && listened.has(e.kind) && e.object.toLowerCase() === object,
      );
      if (kept.length === 0) return reply.code(202).send({ accepted: 0, ignored: events.length });
      const id = deliveryId(flowId, kept);
      await store.webhookInbox.put({ id, flowId, receivedAt: new Date().toISOString(), events: kept });
      void app.services.inbox.kick(flowId);
      return reply
        .code(202)
        .send({ accepted: kept.length, ignored: events.length - kept.length, deliveryId: id });
    },
  );
};

/** What a refused delivery answers: 401 for a bad signature, 400 for a malformed body. */
function refusal(
  error: unknown,
  connectionName: string,
  log: { warn(o: object, m?: string): void },
): unknown {
  if (!(error instanceof ConnectorError)) return error;
  switch (error.code) {
    case 'WEBHOOK_SIGNATURE_INVALID':
      log.warn({ connection: connectionName }, 'webhook refused: the signature did not verify');
      return new AppError('WEBHOOK_SIGNATURE_INVALID', error.message);
    case 'BAD_RESPONSE':
      return new AppError('VALIDATION_FAILED', error.message, [{ path: '/body', message: error.message }]);
    case 'VALIDATION_FAILED':
      // The connection is not set up to verify events (e.g. no webhook secret): the listener is not active.
      return new AppError(
        'FLOW_DISABLED',
        `Connection ${connectionName} cannot verify events: ${error.message}`,
      );
    default:
      return error;
  }
}

/** Same events, same id: a redelivery is stored once. */
export function deliveryId(flowId: string, events: readonly RecordEvent[]): string {
  const hash = createHash('sha256').update(flowId);
  for (const event of events) hash.update('\n').update(event.eventId);
  return `whk_${hash.digest('hex').slice(0, 40)}`;
}
