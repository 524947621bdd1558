import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiError,
  ApiTokenIdParams,
  ApiTokenList,
  CreateApiTokenBody,
  ApiTokenView,
  CreatedApiToken,
} from '@flowsync/contracts';
import type { ApiTokenRecord } from '@flowsync/store';
import { notFound } from '../app-error.ts';
import { createApiToken } from './api-tokens.ts';
import { assertRole, principalOf } from './roles.ts';

function tokenView(token: ApiTokenRecord, userEmail?: string): ApiTokenView {
  return {
    id: token.id,
    userId: token.userId,
    ...(userEmail !== undefined ? { userEmail } : {}),
    name: token.name,
    createdAt: token.createdAt,
    ...(token.lastUsedAt !== undefined ? { lastUsedAt: token.lastUsedAt } : {}),
    ...(token.revokedAt !== undefined ? { revokedAt: token.revokedAt } : {}),
  };
}

/** API tokens for automation. Any signed-in user manages their own; admins see and revoke all. */
export const tokensRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store } = app.services;

  app.post(
    '/tokens',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token for yourself; its value is shown this once',
        body: CreateApiTokenBody,
        response: { 201: CreatedApiToken, 400: ApiError, 401: ApiError },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { token, record } = await createApiToken(store, principal.userId, request.body.name);
      await store.audit.append({
        actor: principal.email,
        action: 'token.create',
        subject: `token:${record.id}`,
        detail: { name: record.name, userId: record.userId },
      });
      return reply.code(201).send({ ...tokenView(record, principal.email), token });
    },
  );

  app.get(
    '/tokens',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['tokens'],
        summary: 'Your API tokens (every user’s for admins), newest first, revoked ones included',
        response: { 200: ApiTokenList, 401: ApiError },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      if (principal.role !== 'admin') {
        return (await store.apiTokens.listForUser(principal.userId)).map((t) =>
          tokenView(t, principal.email),
        );
      }
      const emails = new Map((await store.users.list()).map((u) => [u.id, u.email]));
      return (await store.apiTokens.list()).map((t) => tokenView(t, emails.get(t.userId)));
    },
  );

  app.delete(
    '/tokens/:id',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token (your own; admins any)',
        params: ApiTokenIdParams,
        response: { 200: ApiTokenView, 401: ApiError, 403: ApiError, 404: ApiError },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const token = await store.apiTokens.get(request.params.id);
      if (token === null) throw notFound(`API token ${request.params.id}`);
      if (token.userId !== principal.userId) assertRole(principal, ['admin'], "revoke another user's token");
      const revoked = await store.apiTokens.revoke(token.id, new Date().toISOString());
      if (revoked === null) throw notFound(`API token ${request.params.id}`);
      if (token.revokedAt === undefined) {
        await store.audit.append({
          actor: principal.email,
          action: 'token.revoke',
          subject: `token:${token.id}`,
          detail: { name: token.name, userId: token.userId },
        });
      }
      return tokenView(revoked);
    },
  );
};
