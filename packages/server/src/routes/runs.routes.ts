import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiError,
  CancelRunResponse,
  FlowRunParams,
  RunDetail,
  RunIdParams,
  RunList,
  RunListQuery,
  RunRecord,
  SyncSelectedBody,
  type RunStatus,
} from '@flowsync/contracts';
import { AppError, notFound } from '../app-error.ts';
import { principalOf, requireRole } from '../auth/index.ts';
import { errorsRoutes } from './errors.routes.ts';
import { boundedInteger } from './query-numbers.ts';
import { wsRoutes } from './ws.routes.ts';

const tags = ['runs'];
const readErrors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };
const writeErrors = { ...readErrors, 409: ApiError, 422: ApiError };

/**
 * Runs: list and filter, detail with per-node counters (live for a run in progress), cancel, and the
 * two ways to start a flow by hand: run now, and sync selected source records. Every role reads;
 * admins and integrators start and cancel.
 */
export const runsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store, runs, hub } = app.services;
  const operators = requireRole('admin', 'integrator');

  app.get(
    '/runs',
    {
      onRequest: app.authenticate,
      schema: {
        tags,
        summary: 'Runs, newest first',
        querystring: RunListQuery,
        response: { 200: RunList, ...readErrors },
      },
    },
    async (request) => {
      const { flowId, status, before } = request.query;
      const limit = boundedInteger(request.query.limit, 'limit', { min: 1, max: 500, fallback: 50 });
      const items = await store.runs.list({
        ...(flowId ? { flowId } : {}),
        ...(status ? { status: status.split(',') as RunStatus[] } : {}),
        ...(before ? { before } : {}),
        limit,
      });
      return { items: items.map((run) => withLiveCounters(run)) };
    },
  );

  app.get(
    '/runs/:id',
    {
      onRequest: app.authenticate,
      schema: {
        tags,
        summary: 'One run with its per-node counters',
        params: RunIdParams,
        response: { 200: RunDetail, ...readErrors },
      },
    },
    async (request) => {
      const stored = await store.runs.get(request.params.id);
      if (!stored) throw notFound(`Run ${request.params.id}`);
      const run = withLiveCounters(stored);
      const openErrors = await store.errors.count({ runId: run.id, status: 'open' });
      return { ...run, live: run !== stored, openErrors };
    },
  );

  app.post(
    '/runs/:id/cancel',
    {
      onRequest: operators,
      schema: {
        tags,
        summary: 'Cancel a queued or running run',
        params: RunIdParams,
        response: { 202: CancelRunResponse, ...writeErrors },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const run = await store.runs.get(request.params.id);
      if (!run) throw notFound(`Run ${request.params.id}`);
      const cancelled = await runs.cancel(run.id, principal.email);
      if (!cancelled) {
        throw new AppError('CONFLICT', `Run ${run.id} is not queued or running here (it is ${run.status})`);
      }
      await store.audit.append({
        actor: principal.email,
        action: 'run.cancel',
        subject: `flow:${run.flowId}`,
        detail: { runId: run.id },
      });
      return reply.code(202).send({ cancelled: true, status: run.status });
    },
  );

  app.post(
    '/flows/:flowId/runs',
    {
      onRequest: operators,
      schema: {
        tags,
        summary: 'Run the flow now (reads from the trigger; incremental flows continue from their watermark)',
        params: FlowRunParams,
        response: { 202: RunRecord, ...writeErrors },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { flowId } = request.params;
      const run = await runs.start({
        flowId,
        trigger: { kind: 'manual' },
        input: { kind: 'read' },
        requestedBy: principal.email,
      });
      await store.audit.append({
        actor: principal.email,
        action: 'run.start',
        subject: `flow:${flowId}`,
        detail: { runId: run.id },
      });
      return reply.code(202).send(run);
    },
  );

  app.post(
    '/flows/:flowId/sync',
    {
      onRequest: operators,
      schema: {
        tags,
        summary: 'Sync selected source records now, by their ids in the source system',
        params: FlowRunParams,
        body: SyncSelectedBody,
        response: { 202: RunRecord, ...writeErrors },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { flowId } = request.params;
      const sourceIds = [...new Set(request.body.sourceIds)];
      const run = await runs.start({
        flowId,
        trigger: { kind: 'selected', sourceIds },
        input: { kind: 'ids', ids: sourceIds },
        requestedBy: principal.email,
      });
      await store.audit.append({
        actor: principal.email,
        action: 'run.syncSelected',
        subject: `flow:${flowId}`,
        detail: { runId: run.id, sourceIds: sourceIds.length },
      });
      return reply.code(202).send(run);
    },
  );

  /** A run in progress reports the counters the hub has now; the store has them only every few seconds. */
  function withLiveCounters(run: RunRecord): RunRecord {
    if (run.status !== 'queued' && run.status !== 'running') return run;
    const live = hub.runSnapshot(run.id);
    if (!live) return run;
    return { ...run, status: live.status, totals: live.totals, nodes: live.nodes };
  }
};

/** Runs, the error inbox and the run-status websocket, registered together under `/api`. */
export const runtimeRoutes: FastifyPluginAsync = async (app) => {
  await app.register(runsRoutes);
  await app.register(errorsRoutes);
  await app.register(wsRoutes);
};
