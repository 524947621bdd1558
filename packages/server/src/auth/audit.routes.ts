import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError, AuditList, AuditQuery } from '@flowsync/contracts';
import { AppError } from '../app-error.ts';
import { requireRole } from './roles.ts';

/** The audit log: who changed what, newest first. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store } = app.services;
  app.get(
    '/audit',
    {
      onRequest: requireRole('admin', 'integrator', 'analyst'),
      schema: {
        tags: ['audit'],
        summary: 'Audit entries, newest first; filter by subject (e.g. flow:<id>, user:<id>) or actor email',
        querystring: AuditQuery,
        response: { 200: AuditList, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      const { subject, actor } = request.query;
      const limit = request.query.limit === undefined ? 100 : Number(request.query.limit);
      if (limit < 1 || limit > 1000) {
        const message = 'limit must be between 1 and 1000';
        throw new AppError('VALIDATION_FAILED', message, [{ path: '/querystring/limit', message }]);
      }
      return store.audit.list({
        ...(subject !== undefined ? { subject } : {}),
        ...(actor !== undefined ? { actor } : {}),
        limit,
      });
    },
  );
};
