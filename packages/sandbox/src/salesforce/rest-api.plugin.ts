import type { FastifyError, FastifyInstance } from 'fastify';
import { takeFault } from '../shared/faults.ts';
import { invalidSession, RecordFailure, SalesforceApiError } from './api-errors.ts';
import { MAX_VERSION, MIN_VERSION, versionOf } from './api-version.ts';
import { registerCompositeRoutes } from './composite.routes.ts';
import type { EmulatorContext } from './emulator-context.ts';
import { validToken } from './oauth.routes.ts';
import { registerQueryRoutes } from './query.routes.ts';
import { registerSObjectRoutes } from './sobject.routes.ts';

function serverError(status: number): SalesforceApiError {
  return status === 503
    ? new SalesforceApiError(
        503,
        'SERVER_UNAVAILABLE',
        'Server temporarily unavailable, please try again later.',
      )
    : new SalesforceApiError(
        status,
        'UNKNOWN_EXCEPTION',
        'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-123456789)',
      );
}

/**
 * The REST API under `/services/data`: the version list, then per version the session check, the fault
 * switches, API usage counting with `Sforce-Limit-Info`, and the query, sObject and collection routes.
 */
export async function restApiPlugin(app: FastifyInstance, context: EmulatorContext): Promise<void> {
  const { state, faults } = context;

  app.setErrorHandler((error: FastifyError | SalesforceApiError | RecordFailure, _request, reply) => {
    if (error instanceof SalesforceApiError) return reply.code(error.status).send(error.toBody());
    if (error instanceof RecordFailure) return reply.code(400).send(error.toApiError().toBody());
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply
        .code(415)
        .send([{ errorCode: 'UNSUPPORTED_MEDIA_TYPE', message: 'Content type not supported' }]);
    }
    if (error.code?.startsWith('FST_ERR_CTP') === true || error.statusCode === 400) {
      return reply.code(400).send([{ errorCode: 'JSON_PARSER_ERROR', message: error.message }]);
    }
    return reply.code(500).send(serverError(500).toBody());
  });

  // Listing the versions needs no session and does not count against the limits.
  app.get('/', async () =>
    Array.from({ length: MAX_VERSION - MIN_VERSION + 1 }, (_, i) => {
      const version = `${MIN_VERSION + i}.0`;
      return { label: `API ${version}`, url: `/services/data/v${version}`, version };
    }),
  );

  app.register(async (api) => {
    api.addHook('onRequest', async (request) => {
      if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
      versionOf(request);
      const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
      state.calls.set(route, (state.calls.get(route) ?? 0) + 1);
      if (validToken(context, request.headers.authorization) === undefined) throw invalidSession();
      const contentType = request.headers['content-type'];
      if (
        contentType !== undefined &&
        request.method !== 'GET' &&
        !/^application\/json\b/i.test(contentType)
      ) {
        throw new SalesforceApiError(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          `Content type '${contentType}' not supported`,
        );
      }
      const fault = takeFault(faults);
      if (fault === 'serverError') throw serverError(faults.serverErrorStatus);
      if (fault === 'rateLimit' || state.apiUsage >= state.options.apiLimit) {
        throw new SalesforceApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
      }
      state.apiUsage += 1;
    });
    api.addHook('onSend', async (_request, reply, payload) => {
      reply.header('sforce-limit-info', `api-usage=${state.apiUsage}/${state.options.apiLimit}`);
      return payload;
    });

    api.get('/:version', async (request) => {
      const { text } = versionOf(request);
      const base = `/services/data/${text}`;
      return {
        limits: `${base}/limits`,
        sobjects: `${base}/sobjects`,
        query: `${base}/query`,
        queryAll: `${base}/queryAll`,
        composite: `${base}/composite`,
      };
    });

    api.get('/:version/limits', async () => ({
      DailyApiRequests: {
        Max: state.options.apiLimit,
        Remaining: Math.max(0, state.options.apiLimit - state.apiUsage),
      },
      DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
      DataStorageMB: { Max: 5, Remaining: 5 },
    }));

    registerQueryRoutes(api, context);
    registerSObjectRoutes(api, context);
    registerCompositeRoutes(api, context);
  });
}
