import type { FastifyInstance } from 'fastify';
import { issueAccessToken } from './netsuite-auth.ts';
import { restBase, type NetSuiteContext } from './netsuite-context.ts';

export const TOKEN_PATH = '/services/rest/auth/oauth2/v1/token';

/** The OAuth 2.0 M2M token endpoint (client credentials with a JWT client assertion). */
export async function tokenRoutes(
  app: FastifyInstance,
  { context }: { context: NetSuiteContext },
): Promise<void> {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    },
  );

  app.post(TOKEN_PATH, async (request, reply) => {
    const route = `POST ${TOKEN_PATH}`;
    context.state.stats.calls[route] = (context.state.stats.calls[route] ?? 0) + 1;
    const form = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
      string,
      string
    >;
    const outcome = await issueAccessToken(
      form,
      context.settings.oauth2,
      `${restBase(request)}/auth/oauth2/v1/token`,
      context.settings.tokenLifetimeSeconds,
      context.state.auth,
      context.clock(),
    );
    return reply
      .code(outcome.ok ? 200 : outcome.status)
      .header('cache-control', 'no-store')
      .send(outcome.body);
  });
}
