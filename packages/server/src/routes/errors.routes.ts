import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiError,
  EditErrorPayloadBody,
  ErrorIdParams,
  ErrorIdsBody,
  ErrorList,
  ErrorListQuery,
  RecordError,
  ResolveErrorsResponse,
  RetryErrorsResponse,
} from '@flowsync/contracts';
import type { Store } from '@flowsync/store';
import { AppError, notFound } from '../app-error.ts';
import { principalOf, requireRole } from '../auth/index.ts';
import { boundedInteger } from './query-numbers.ts';

const tags = ['errors'];
const readErrors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };
const writeErrors = { ...readErrors, 409: ApiError, 422: ApiError };

/**
 * The error inbox: records that failed at a node, with the payload they had there. Every role reads;
 * admins and integrators edit a payload, retry (one or many, as stored or as edited: one run per flow,
 * each record from the node where it failed) and resolve. A later success of the same record resolves
 * its errors by itself (the engine does that).
 */
export const errorsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store, runs } = app.services;
  const operators = requireRole('admin', 'integrator');

  app.get(
    '/errors',
    {
      onRequest: app.authenticate,
      schema: {
        tags,
        summary: 'Stored record errors, newest first, with the number matching the filter',
        querystring: ErrorListQuery,
        response: { 200: ErrorList, ...readErrors },
      },
    },
    async (request) => {
      const { limit: rawLimit, offset: rawOffset, ...filter } = request.query;
      const limit = boundedInteger(rawLimit, 'limit', { min: 1, max: 500, fallback: 100 });
      const offset = boundedInteger(rawOffset, 'offset', { min: 0, max: 10_000_000, fallback: 0 });
      const [items, total] = await Promise.all([
        store.errors.list({ ...filter, limit, offset }),
        store.errors.count(filter),
      ]);
      return { items, total };
    },
  );

  app.get(
    '/errors/:id',
    {
      onRequest: app.authenticate,
      schema: {
        tags,
        summary: 'One record error with its payload',
        params: ErrorIdParams,
        response: { 200: RecordError, ...readErrors },
      },
    },
    async (request) => {
      const error = await store.errors.get(request.params.id);
      if (!error) throw notFound(`Error ${request.params.id}`);
      return error;
    },
  );

  app.put(
    '/errors/:id/payload',
    {
      onRequest: operators,
      schema: {
        tags,
        summary: 'Edit the payload an open error is retried with',
        params: ErrorIdParams,
        body: EditErrorPayloadBody,
        response: { 200: RecordError, ...writeErrors },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const error = await store.errors.get(request.params.id);
      if (!error) throw notFound(`Error ${request.params.id}`);
      if (error.status !== 'open') {
        throw new AppError('CONFLICT', `Error ${error.id} is resolved; only open errors can be edited`);
      }
      const { payload } = request.body;
      if (payload.sourceId !== error.sourceId) {
        const message = `payload.sourceId must stay ${JSON.stringify(error.sourceId)}: the error belongs to that record`;
        throw new AppError('VALIDATION_FAILED', message, [{ path: '/body/payload/sourceId', message }]);
      }
      await store.errors.updatePayload(error.id, payload);
      await store.audit.append({
        actor: principal.email,
        action: 'error.editPayload',
        subject: `flow:${error.flowId}`,
        detail: {
          errorId: error.id,
          nodeId: error.nodeId,
          sourceId: error.sourceId,
          before: error.payload,
          after: payload,
        },
      });
      return (await store.errors.get(error.id)) ?? { ...error, payload };
    },
  );

  app.post(
    '/errors/retry',
    {
      onRequest: operators,
      schema: {
        tags,
        summary: 'Retry open errors from the node where each failed (one run per flow)',
        body: ErrorIdsBody,
        response: { 202: RetryErrorsResponse, ...writeErrors },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const errors = await loadErrors(store, request.body.ids);
      const resolved = errors.filter((e) => e.status !== 'open');
      if (resolved.length > 0) {
        throw new AppError(
          'CONFLICT',
          `Only open errors can be retried; ${resolved.length} of them ${resolved.length === 1 ? 'is' : 'are'} resolved`,
          resolved.map((e) => ({
            path: `/body/ids/${request.body.ids.indexOf(e.id)}`,
            message: `error ${e.id} is resolved`,
          })),
        );
      }
      const byFlow = new Map<string, RecordError[]>();
      for (const error of errors) byFlow.set(error.flowId, [...(byFlow.get(error.flowId) ?? []), error]);
      // Refuse before starting anything when a flow that may not overlap is busy.
      const busy = [...byFlow.keys()].filter((flowId) => runs.isRunning(flowId));
      for (const flowId of busy) {
        const version = await store.flows.get(flowId);
        if (version?.flow.settings.overlap === 'skip') {
          throw new AppError(
            'CONFLICT',
            `Flow ${flowId} is running; retry its errors when the run has finished`,
          );
        }
      }
      const started = [];
      for (const [flowId, flowErrors] of byFlow) {
        started.push(await runs.retryErrors(flowId, flowErrors, principal.email));
        await store.audit.append({
          actor: principal.email,
          action: 'error.retry',
          subject: `flow:${flowId}`,
          detail: { runId: started[started.length - 1]?.id, errorIds: flowErrors.map((e) => e.id) },
        });
      }
      return reply.code(202).send({ runs: started });
    },
  );

  app.post(
    '/errors/resolve',
    {
      onRequest: operators,
      schema: {
        tags,
        summary: 'Resolve errors by hand (they will not be retried)',
        body: ErrorIdsBody,
        response: { 200: ResolveErrorsResponse, ...writeErrors },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const errors = await loadErrors(store, request.body.ids);
      const open = errors.filter((e) => e.status === 'open');
      const resolved =
        open.length === 0
          ? 0
          : await store.errors.resolve(
              open.map((e) => e.id),
              'manual',
              principal.email,
            );
      const flows = [...new Set(open.map((e) => e.flowId))];
      for (const flowId of flows) {
        await store.audit.append({
          actor: principal.email,
          action: 'error.resolve',
          subject: `flow:${flowId}`,
          detail: { errorIds: open.filter((e) => e.flowId === flowId).map((e) => e.id) },
        });
      }
      return { resolved };
    },
  );
};

/** The errors with these ids (duplicates once); unknown ids are a 404 naming each. */
async function loadErrors(store: Store, ids: readonly string[]): Promise<RecordError[]> {
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => store.errors.get(id)));
  const missing = unique.filter((_, i) => found[i] === null);
  if (missing.length > 0) {
    throw new AppError(
      'NOT_FOUND',
      `No error with id ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`,
      missing.map((id) => ({ path: `/body/ids/${ids.indexOf(id)}`, message: `error ${id} not found` })),
    );
  }
  return found.filter((e): e is RecordError => e !== null);
}
