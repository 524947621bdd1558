import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { authPlugin } from './auth/index.ts';
import { frameworkErrorHandler, registerErrorHandler } from './error-handler.ts';
import { apiRoutes } from './routes/index.ts';
import { hooksRoutes } from './routes/hooks.routes.ts';
import type { AppServices } from './services.ts';

export interface BuildAppOptions {
  logger?: FastifyServerOptions['logger'];
}

/**
 * The whole HTTP application as a plugin tree; only `server.ts` listens. Tests call this and use
 * `app.inject()` or `app.listen({ port: 0 })`.
 *
 * @example
 * ```ts
 * const app = await buildApp(services);
 * const response = await app.inject({ method: 'GET', url: '/api/health' });
 * ```
 */
export async function buildApp(
  services: AppServices,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: (error, request, reply) => frameworkErrorHandler(error, request, reply),
    ajv: { customOptions: { allErrors: true, coerceTypes: false, removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandler(app);
  app.decorate('services', services);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'flowsync API',
        version: '1',
        description: 'Flows, connections, runs, errors, ledger, users.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'flowsync_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(authPlugin);
  await app.register(apiRoutes, { prefix: '/api' });
  await registerWebApp(app, services.config.webDir);
  await app.register(hooksRoutes, { prefix: '/hooks' });
  return app;
}

/**
 * The built web app at `/` (with client-side routes falling back to index.html). Without a build the
 * root points at the API documentation instead.
 */
async function registerWebApp(app: FastifyInstance, webDir: string | undefined): Promise<void> {
  if (webDir === undefined || !existsSync(webDir)) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/api/docs'));
    return;
  }
  // Files are looked up per request (not listed once at start), so a rebuilt app is served as is.
  // Hashed assets are immutable; index.html is revalidated so a new build is picked up.
  await app.register(fastifyStatic, { root: webDir, serve: false });
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = decodeURIComponent(request.url.split('?')[0] ?? '/');
    if (path.startsWith('/api/') || path.startsWith('/hooks/')) {
      return reply
        .code(404)
        .send({ code: 'NOT_FOUND', message: `No route ${request.method} ${request.url}` });
    }
    const file = join(webDir, path);
    if (path !== '/' && !path.includes('..') && file.startsWith(webDir) && isFile(file)) {
      const immutable = path.startsWith('/assets/');
      return reply.sendFile(path.slice(1), { immutable, maxAge: immutable ? '365d' : 0 });
    }
    if (path.startsWith('/assets/')) {
      return reply.code(404).send({ code: 'NOT_FOUND', message: `No file ${path}` });
    }
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', { maxAge: 0 });
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
