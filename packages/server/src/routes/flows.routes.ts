import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiError,
  CreateFlowRequest,
  DeletedFlow,
  ExportFlowQuery,
  FlowDetail,
  FlowDiff,
  FlowDiffQuery,
  FlowDocument,
  FlowList,
  FlowOperationsRequest,
  FlowParams,
  FlowState,
  FlowVersionDetail,
  FlowVersionList,
  FlowVersionParams,
  ImportFlowQuery,
  RestoreFlowRequest,
  SavedFlow,
  SaveFlowRequest,
  SetFlowEnabledRequest,
  ValidateFlowRequest,
  ValidateFlowResponse,
} from '@flowsync/contracts';
import { principalOf, requireRole } from '../auth/index.ts';
import { FlowService } from '../flows/flow-service.ts';

const tags = ['flows'];
const readErrors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };
const writeErrors = { ...readErrors, 409: ApiError, 422: ApiError };

/**
 * Flows: list, versions with a readable diff and restore, saves with optimistic concurrency (whole
 * documents or the editor's operations), validate, import/export of `.flow.json`, switch on/off,
 * delete. Every role reads; integrators and admins write; analysts may save qualification criteria
 * changes only; only admins switch flows on and off and delete them. (Runs of a flow live in the
 * runs routes.)
 */
export const flowsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const flows = new FlowService(app.services);
  const anyRole = app.authenticate;
  const editors = requireRole('admin', 'integrator');
  const criteriaEditors = requireRole('admin', 'integrator', 'analyst');
  const adminOnly = requireRole('admin');

  app.get(
    '/flows',
    {
      onRequest: anyRole,
      schema: {
        tags,
        summary: 'Every flow with its state, last run and open error count',
        response: { 200: FlowList, 401: ApiError },
      },
    },
    async () => ({ flows: await flows.list() }),
  );

  app.post(
    '/flows',
    {
      onRequest: editors,
      schema: {
        tags,
        summary: 'Create a flow from a flow document',
        body: CreateFlowRequest,
        response: { 201: SavedFlow, ...writeErrors },
      },
    },
    async (request, reply) => {
      const saved = await flows.create(
        request.body.flow,
        principalOf(request),
        request.log,
        request.body.message,
      );
      return reply.code(201).send(saved);
    },
  );

  app.post(
    '/flows/validate',
    {
      onRequest: anyRole,
      schema: {
        tags,
        summary: 'Validate a flow document without saving it',
        body: ValidateFlowRequest,
        response: { 200: ValidateFlowResponse, 400: ApiError, 401: ApiError },
      },
    },
    async (request) => flows.validate(request.body.flow),
  );

  app.post(
    '/flows/import',
    {
      onRequest: editors,
      schema: {
        tags,
        summary: 'Import a .flow.json file: a new flow, or a new version of an existing one',
        description: 'The body is the file itself. An unchanged file writes nothing.',
        querystring: ImportFlowQuery,
        body: FlowDocument,
        response: { 200: SavedFlow, 201: SavedFlow, ...writeErrors },
      },
    },
    async (request, reply) => {
      const saved = await flows.import(request.body, principalOf(request), request.log, {
        ...(request.query.expectedVersion === undefined
          ? {}
          : { expectedVersion: Number(request.query.expectedVersion) }),
        ...(request.query.message === undefined ? {} : { message: request.query.message }),
      });
      return reply.code(saved.created ? 201 : 200).send(saved);
    },
  );

  app.get(
    '/flows/:flowId',
    {
      onRequest: anyRole,
      schema: {
        tags,
        summary: 'The current version of a flow and its state',
        params: FlowParams,
        response: { 200: FlowDetail, ...readErrors },
      },
    },
    async (request) => flows.get(request.params.flowId),
  );

  app.put(
    '/flows/:flowId',
    {
      onRequest: criteriaEditors,
      schema: {
        tags,
        summary: 'Save an edited flow as a new version',
        description:
          'Refused with 409 when expectedVersion is not the current version. Analysts may change the expression and description of qualify nodes only; anything else is refused with 403 naming each field.',
        params: FlowParams,
        body: SaveFlowRequest,
        response: { 200: SavedFlow, ...writeErrors },
      },
    },
    async (request) => {
      const { flow, expectedVersion, message } = request.body;
      return flows.save(
        request.params.flowId,
        flow,
        expectedVersion,
        principalOf(request),
        request.log,
        message,
      );
    },
  );

  app.post(
    '/flows/:flowId/operations',
    {
      onRequest: criteriaEditors,
      schema: {
        tags,
        summary: 'Apply edit operations (the editor’s reducer) and save the result as a new version',
        params: FlowParams,
        body: FlowOperationsRequest,
        response: { 200: SavedFlow, ...writeErrors },
      },
    },
    async (request) => {
      const { operations, expectedVersion, message } = request.body;
      return flows.applyOperations(
        request.params.flowId,
        operations,
        expectedVersion,
        principalOf(request),
        request.log,
        message,
      );
    },
  );

  app.get(
    '/flows/:flowId/versions',
    {
      onRequest: anyRole,
      schema: {
        tags,
        summary: 'The versions of a flow, newest first',
        params: FlowParams,
        response: { 200: FlowVersionList, ...readErrors },
      },
    },
    async (request) => ({
      flowId: request.params.flowId,
      versions: await flows.versions(request.params.flowId),
    }),
  );

  app.get(
    '/flows/:flowId/versions/:version',
    {
      onRequest: anyRole,
      schema: {
        tags,
        summary: 'One version of a flow',
        params: FlowVersionParams,
        response: { 200: FlowVersionDetail, ...readErrors },
      },
    },
    async (request) => flows.version(request.params.flowId, Number(request.params.version)),
  );

  app.post(
    '/flows/:flowId/versions/:version/restore',
    {
      onRequest: criteriaEditors,
      schema: {
        tags,
        summary: 'Save an old version as a new version',
        params: FlowVersionParams,
        body: RestoreFlowRequest,
        response: { 200: SavedFlow, ...writeErrors },
      },
    },
    async (request) =>
      flows.restore(
        request.params.flowId,
        Number(request.params.version),
        request.body.expectedVersion,
        principalOf(request),
        request.log,
        request.body.message,
      ),
  );

  app.get(
    '/flows/:flowId/diff',
    {
      onRequest: anyRole,
      schema: {
        tags,
        summary: 'Readable changes between two versions',
        description: 'to defaults to the current version, from to the version before to.',
        params: FlowParams,
        querystring: FlowDiffQuery,
        response: { 200: FlowDiff, ...readErrors },
      },
    },
    async (request) =>
      flows.diff(request.params.flowId, optionalNumber(request.query.from), optionalNumber(request.query.to)),
  );

  app.put(
    '/flows/:flowId/enabled',
    {
      onRequest: adminOnly,
      schema: {
        tags,
        summary: 'Switch a flow on or off (admins only)',
        params: FlowParams,
        body: SetFlowEnabledRequest,
        response: { 200: FlowState, ...writeErrors },
      },
    },
    async (request) =>
      flows.setEnabled(request.params.flowId, request.body.enabled, principalOf(request), request.log),
  );

  app.get(
    '/flows/:flowId/export',
    {
      onRequest: anyRole,
      schema: {
        tags,
        summary: 'Download a flow as a .flow.json file',
        description: 'The body is the flow document (no secrets: flows name connections, never embed them).',
        params: FlowParams,
        querystring: ExportFlowQuery,
      },
    },
    async (request, reply) => {
      const flow = await flows.export(request.params.flowId, optionalNumber(request.query.version));
      // Pretty-printed, as the files in flows/ are; a string payload is sent as is.
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${flow.id}.flow.json"`)
        .send(`${JSON.stringify(flow, null, 2)}\n`);
    },
  );

  app.delete(
    '/flows/:flowId',
    {
      onRequest: adminOnly,
      schema: {
        tags,
        summary: 'Delete a switched-off flow and all its versions (admins only)',
        params: FlowParams,
        response: { 200: DeletedFlow, ...writeErrors },
      },
    },
    async (request) => {
      await flows.delete(request.params.flowId, principalOf(request), request.log);
      return { flowId: request.params.flowId, deleted: true as const };
    },
  );
};

/** A digit string from the path or query (the schema checked it), as a number. */
function optionalNumber(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}
