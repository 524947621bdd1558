import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError, LedgerRecordParams, LedgerTimeline, LedgerTimelineQuery } from '@flowsync/contracts';
import { AppError } from '../app-error.ts';
import { recordTimeline } from '../ledger/record-timeline.ts';

/** "Where is record X": its syncs across flows with both systems' ids, its errors and their resolution. */
export const ledgerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/ledger/records/:recordId',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['ledger'],
        summary: 'The timeline of one record (by its source or its target id), newest first',
        params: LedgerRecordParams,
        querystring: LedgerTimelineQuery,
        response: { 200: LedgerTimeline, 400: ApiError, 401: ApiError },
      },
    },
    async (request) => {
      const limit = request.query.limit === undefined ? 100 : Number(request.query.limit);
      if (limit > 500) {
        throw new AppError('VALIDATION_FAILED', 'limit must be 500 or less', [
          { path: '/querystring/limit', message: 'limit must be between 1 and 500' },
        ]);
      }
      return {
        recordId: request.params.recordId,
        entries: await recordTimeline(app.services.store, request.params.recordId, limit),
      };
    },
  );
};
