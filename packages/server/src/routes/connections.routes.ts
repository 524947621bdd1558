import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiError,
  ConnectionInfo,
  ConnectionList,
  ConnectionObjectParams,
  ConnectionParams,
  ConnectionTestResult,
  ConnectorKindList,
  ConnectorObjectInfo,
  ConnectorObjectList,
  DeletedConnection,
  PutConnectionRequest,
  SampleRecords,
  SampleRecordsRequest,
} from '@flowsync/contracts';
import { principalOf, requireRole } from '../auth/index.ts';
import { ConnectionService } from '../connections/connection-service.ts';

const tags = ['connections'];
const readErrors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };
const systemErrors = { ...readErrors, 502: ApiError, 504: ApiError };

/**
 * Connections (credentials referenced by flows) and the connector kinds that can back them. Every
 * role reads, integrators and admins write and test. Secrets are write-only: responses name the
 * secrets that are set, never their values.
 */
export const connectionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const connections = new ConnectionService({
    store: app.services.store,
    connectors: app.services.connectors,
  });
  const anyRole = app.authenticate;
  const editors = requireRole('admin', 'integrator');
  /** Record data is for the roles that build or tune flows; viewers see flows and runs only. */
  const sampleReaders = requireRole('admin', 'integrator', 'analyst');

  app.get(
    '/connector-kinds',
    {
      onRequest: anyRole,
      schema: {
        tags,
        summary: 'Connector kinds with their settings schema and secret names (for the editor’s forms)',
        response: { 200: ConnectorKindList, 401: ApiError },
      },
    },
    async () => ({ kinds: connections.kinds() }),
  );

  app.get(
    '/connections',
    {
      onRequest: anyRole,
      schema: {
        tags,
        summary: 'Every connection (secrets named, never shown)',
        response: { 200: ConnectionList, 401: ApiError },
      },
    },
    async () => ({ connections: await connections.list() }),
  );

  app.get(
    '/connections/:name',
    {
      onRequest: anyRole,
      schema: {
        tags,
        summary: 'One connection (secrets named, never shown) and the flows that use it',
        params: ConnectionParams,
        response: { 200: ConnectionInfo, ...readErrors },
      },
    },
    async (request) => connections.get(request.params.name),
  );

  app.put(
    '/connections/:name',
    {
      onRequest: editors,
      schema: {
        tags,
        summary: 'Create or replace a connection',
        description:
          'Secrets are write-only. With keepExistingSecrets, stored secrets this request does not give are kept.',
        params: ConnectionParams,
        body: PutConnectionRequest,
        response: { 200: ConnectionInfo, 201: ConnectionInfo, ...readErrors },
      },
    },
    async (request, reply) => {
      const { connection, created } = await connections.put(
        request.params.name,
        request.body,
        principalOf(request),
      );
      return reply.code(created ? 201 : 200).send(connection);
    },
  );

  app.delete(
    '/connections/:name',
    {
      onRequest: editors,
      schema: {
        tags,
        summary: 'Delete a connection no enabled flow uses',
        params: ConnectionParams,
        response: { 200: DeletedConnection, ...readErrors, 409: ApiError },
      },
    },
    async (request) => {
      await connections.delete(request.params.name, principalOf(request));
      return { name: request.params.name, deleted: true as const };
    },
  );

  app.post(
    '/connections/:name/test',
    {
      onRequest: editors,
      schema: {
        tags,
        summary: 'Check that the connection reaches its system and its credentials are accepted',
        description: 'A failure is reported in the body (ok: false, code, message), not as an HTTP error.',
        params: ConnectionParams,
        response: { 200: ConnectionTestResult, ...readErrors },
      },
    },
    async (request) => connections.test(request.params.name),
  );

  app.get(
    '/connections/:name/objects',
    {
      onRequest: anyRole,
      schema: {
        tags,
        summary: 'The objects of the connected system (for the editor’s object picker)',
        params: ConnectionParams,
        response: { 200: ConnectorObjectList, ...systemErrors },
      },
    },
    async (request) => ({ objects: await connections.objects(request.params.name) }),
  );

  app.get(
    '/connections/:name/objects/:object',
    {
      onRequest: anyRole,
      schema: {
        tags,
        summary: 'One object of the connected system with its fields (for the editor’s field pickers)',
        params: ConnectionObjectParams,
        response: { 200: ConnectorObjectInfo, ...systemErrors },
      },
    },
    async (request) => connections.describe(request.params.name, request.params.object),
  );

  app.post(
    '/connections/:name/objects/:object/sample',
    {
      onRequest: sampleReaders,
      schema: {
        tags,
        summary: 'The first records of an object as a flow’s trigger reads them (for the editor’s previews)',
        description:
          'Fields and source filters are applied as in a run, without an incremental window; up to `limit` records (default 200).',
        params: ConnectionObjectParams,
        body: SampleRecordsRequest,
        response: { 200: SampleRecords, ...systemErrors },
      },
    },
    async (request) => connections.sample(request.params.name, request.params.object, request.body ?? {}),
  );
};
