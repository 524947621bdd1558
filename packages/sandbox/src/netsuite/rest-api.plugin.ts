import type { FastifyInstance } from 'fastify';
import { takeFault } from '../shared/faults.ts';
import { authenticate } from './netsuite-auth.ts';
import { sendError, type NetSuiteContext } from './netsuite-context.ts';
import { invalidLogin, NetSuiteApiError } from './netsuite-errors.ts';
import { recordRoutes } from './record.routes.ts';
import { suiteQLRoutes } from './suiteql.routes.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function concurrencyExceeded(limit: number): NetSuiteApiError {
  // Over the account's concurrency limit REST web services answer 429 (§2.8); no Retry-After is sent.
  return new NetSuiteApiError(429, {
    detail: `The request could not be processed because the concurrency limit of ${limit} concurrent requests for this account has been exceeded. Retry the request later.`,
    'o:errorCode': 'CONCURRENCY_LIMIT_EXCEEDED',
  });
}

/**
 * `/services/rest` API routes behind NetSuite's governance: the account concurrency limit (429), the
 * fault switches, then authentication (TBA signature or bearer token; every failure is INVALID_LOGIN).
 */
export async function restApiPlugin(
  app: FastifyInstance,
  { context }: { context: NetSuiteContext },
): Promise<void> {
  const { state, settings, faults } = context;
  const stats = state.stats;

  app.addHook('onRequest', async (request, reply) => {
    const route = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
    stats.calls[route] = (stats.calls[route] ?? 0) + 1;
    stats.inFlight += 1;
    stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);
    let released = false;
    reply.raw.once('close', () => {
      if (released) return;
      released = true;
      stats.inFlight -= 1;
    });
    if (stats.inFlight > settings.concurrencyLimit) {
      stats.refused.concurrency += 1;
      return sendError(reply, concurrencyExceeded(settings.concurrencyLimit));
    }
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const fault = takeFault(faults);
    if (fault === 'rateLimit') {
      stats.refused.rateLimitFault += 1;
      return sendError(reply, concurrencyExceeded(settings.concurrencyLimit));
    }
    if (fault === 'serverError') {
      stats.refused.serverErrorFault += 1;
      return sendError(
        reply,
        new NetSuiteApiError(faults.serverErrorStatus, {
          detail: 'An unexpected error occurred. Error ID: sandbox-fault',
          'o:errorCode': 'UNEXPECTED_ERROR',
        }),
      );
    }

    const now = context.clock();
    const [path, rawQuery = ''] = request.url.split(/\?(.*)/s);
    const fail = (reason: string) => {
      stats.refused.auth += 1;
      state.loginAudit.push({
        at: new Date(now).toISOString(),
        method: request.method,
        url: request.url,
        reason,
      });
      if (state.loginAudit.length > 1000) state.loginAudit.shift();
      return sendError(reply, invalidLogin());
    };
    // A stray Cookie header makes NetSuite treat the call as a UI session and refuse it [3p].
    if (request.headers.cookie !== undefined) return fail('cookie_header');
    const outcome = authenticate(
      {
        method: request.method,
        baseUri: `${normalizeOrigin(`${request.protocol}://${request.host}`)}${path}`,
        rawQuery,
        authorization: request.headers.authorization,
      },
      settings.accountId,
      settings.tba,
      state.auth,
      now,
    );
    if (!outcome.ok) return fail(outcome.reason);
    return undefined;
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new NetSuiteApiError(404, {
        detail: `The requested resource ${request.method} ${request.url.split('?')[0]} does not exist.`,
        'o:errorCode': 'NONEXISTENT_ID',
      }),
    ),
  );

  await app.register(recordRoutes, { context });
  await app.register(suiteQLRoutes, { context });
}

/** RFC 5849 §3.4.1.2: lower-case scheme and host, default port left out. */
function normalizeOrigin(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.host}`.toLowerCase();
}
