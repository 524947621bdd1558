import type { FastifyInstance } from 'fastify';
import {
  pagingLinks,
  parsePaging,
  restBase,
  sendResource,
  type NetSuiteContext,
} from './netsuite-context.ts';
import { invalidContent, NetSuiteApiError } from './netsuite-errors.ts';
import { runSuiteQL } from './suiteql.ts';

/** `POST /query/v1/suiteql?limit&offset` with `{"q": "SELECT …"}` and the mandatory `Prefer: transient`. */
export async function suiteQLRoutes(
  app: FastifyInstance,
  { context }: { context: NetSuiteContext },
): Promise<void> {
  app.post<{ Querystring: Record<string, string | undefined> }>(
    '/query/v1/suiteql',
    async (request, reply) => {
      const prefer = String(request.headers.prefer ?? '')
        .split(',')
        .map((part) => part.trim().toLowerCase());
      // [unverified] The real service refuses a SuiteQL POST without this header; the exact error body is
      // not documented, so this uses the documented error shape with o:errorHeader.
      if (!prefer.includes('transient')) {
        throw new NetSuiteApiError(400, {
          detail: "Invalid request header Prefer: a SuiteQL query requires the header 'Prefer: transient'.",
          'o:errorCode': 'INVALID_HEADER',
          'o:errorHeader': 'Prefer',
        });
      }
      const body: unknown = request.body;
      const q = typeof body === 'object' && body !== null && 'q' in body ? body.q : undefined;
      if (typeof q !== 'string' || q.trim() === '') {
        throw invalidContent(
          'Invalid content in the request body: provide the query as {"q": "SELECT …"}.',
          'q',
        );
      }
      const { limit, offset } = parsePaging(request.query);
      const result = runSuiteQL(context.state.store, q, offset, limit);
      return sendResource(reply, 'application/vnd.oracle.resource+json; type=collection', {
        links: pagingLinks(`${restBase(request)}/query/v1/suiteql`, {}, offset, limit, result.totalResults),
        count: result.items.length,
        hasMore: offset + result.items.length < result.totalResults,
        items: result.items.map((item) => ({ links: [], ...item })),
        offset,
        totalResults: result.totalResults,
      });
    },
  );
}
