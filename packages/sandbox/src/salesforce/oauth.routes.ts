import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt, errors as joseErrors, jwtVerify } from 'jose';
import { originOf, type EmulatorContext } from './emulator-context.ts';
import { ORG_ID, USER_ID } from './record-store.ts';
import type { IssuedToken } from './salesforce-state.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Salesforce accepts these audiences from any org, besides the org's own (My Domain) login URL. */
const STANDARD_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];

class OAuthError extends Error {
  readonly error: string;
  constructor(error: string, description: string) {
    super(description);
    this.error = error;
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function formString(form: Record<string, string>, name: string): string | undefined {
  const value = form[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Client credentials from the form or from HTTP Basic (both are accepted by Salesforce). */
function clientCredentials(
  request: FastifyRequest,
  form: Record<string, string>,
): { id?: string; secret?: string } {
  const header = request.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const decode = (v: string): string => decodeURIComponent(v.replace(/\+/g, ' '));
    return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
  }
  const id = formString(form, 'client_id');
  const secret = formString(form, 'client_secret');
  return { ...(id === undefined ? {} : { id }), ...(secret === undefined ? {} : { secret }) };
}

function checkClient(
  context: EmulatorContext,
  client: { id?: string; secret?: string },
  secretRequired: boolean,
): void {
  if (client.id === undefined || !same(client.id, context.clientId)) {
    throw new OAuthError('invalid_client_id', 'client identifier invalid');
  }
  if (client.secret === undefined ? secretRequired : !same(client.secret, context.clientSecret)) {
    throw new OAuthError('invalid_client', 'invalid client credentials');
  }
}

async function verifyAssertion(context: EmulatorContext, assertion: string, origin: string): Promise<void> {
  let claims;
  try {
    claims = decodeJwt(assertion);
  } catch {
    throw new OAuthError('invalid_grant', 'invalid assertion');
  }
  if (claims.iss === undefined || !same(claims.iss, context.clientId)) {
    throw new OAuthError('invalid_client_id', 'client identifier invalid');
  }
  const audiences = [origin, `${origin}/`, ...STANDARD_AUDIENCES];
  try {
    await jwtVerify(assertion, context.jwtPublicKey, {
      algorithms: ['RS256'],
      requiredClaims: ['exp', 'sub', 'aud'],
      currentDate: new Date(context.clock()),
    });
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired)
      throw new OAuthError('invalid_grant', 'expired authorization code');
    throw new OAuthError('invalid_grant', 'invalid assertion');
  }
  const aud: (string | undefined)[] = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.some((a) => a !== undefined && audiences.includes(a))) {
    throw new OAuthError('invalid_grant', 'audience is invalid');
  }
  if (claims.sub !== context.username) {
    throw new OAuthError('invalid_grant', "user hasn't approved this consumer");
  }
}

function tokenResponse(
  context: EmulatorContext,
  token: IssuedToken,
  origin: string,
  refreshToken?: string,
): Record<string, unknown> {
  const id = `${origin}/id/${ORG_ID}/${USER_ID}`;
  const issuedAt = String(token.issuedAt);
  // Salesforce signs id + issued_at with the consumer secret, so a client can check the response.
  const signature = createHmac('sha256', context.clientSecret)
    .update(id + issuedAt)
    .digest('base64');
  return {
    access_token: token.accessToken,
    ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
    signature,
    scope: 'api',
    instance_url: origin,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
  };
}

/** The token of an `Authorization: Bearer …` (or `OAuth …`) header, if it is valid now. */
export function validToken(context: EmulatorContext, header: string | undefined): IssuedToken | undefined {
  const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header ?? '');
  const token = match?.[1] === undefined ? undefined : context.state.tokens.get(match[1]);
  if (token === undefined) return undefined;
  const now = context.clock();
  if (now >= token.expiresAt || token.issuedAt < context.faults.tokensValidAfter) return undefined;
  return token;
}

/**
 * The OAuth endpoints of the login host: token (client_credentials, JWT bearer, refresh_token), revoke,
 * and the identity URL that the token response's `id` points to.
 */
export function registerOAuthRoutes(app: FastifyInstance, context: EmulatorContext): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );

  app.post('/services/oauth2/token', async (request: FastifyRequest, reply: FastifyReply) => {
    const contentType = request.headers['content-type'] ?? '';
    if (!contentType.startsWith('application/x-www-form-urlencoded')) {
      return reply
        .code(400)
        .send({ error: 'invalid_request', error_description: 'unsupported content type' });
    }
    const form = (request.body ?? {}) as Record<string, string>;
    const origin = originOf(request);
    try {
      const grant = formString(form, 'grant_type');
      switch (grant) {
        case 'client_credentials': {
          checkClient(context, clientCredentials(request, form), true);
          const token = context.state.issueToken(context.clientId, context.username);
          return reply.send(tokenResponse(context, token, origin));
        }
        case JWT_BEARER: {
          const assertion = formString(form, 'assertion');
          if (assertion === undefined) throw new OAuthError('invalid_request', 'assertion is required');
          await verifyAssertion(context, assertion, origin);
          const token = context.state.issueToken(context.clientId, context.username);
          return reply.send(tokenResponse(context, token, origin));
        }
        case 'refresh_token': {
          checkClient(context, clientCredentials(request, form), false);
          const refreshToken = formString(form, 'refresh_token');
          const username =
            refreshToken === undefined ? undefined : context.state.refreshTokens.get(refreshToken);
          if (username === undefined) throw new OAuthError('invalid_grant', 'expired access/refresh token');
          const token = context.state.issueToken(context.clientId, username);
          return reply.send(tokenResponse(context, token, origin));
        }
        case undefined:
          throw new OAuthError('invalid_request', 'grant type not specified');
        default:
          throw new OAuthError('unsupported_grant_type', 'grant type not supported');
      }
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      return reply.code(400).send({ error: error.error, error_description: error.message });
    }
  });

  app.post('/services/oauth2/revoke', async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, string>;
    const token = formString(form, 'token') ?? (request.query as Record<string, string>)['token'];
    if (token === undefined)
      return reply
        .code(400)
        .send({ error: 'unsupported_token_type', error_description: 'this token type is not supported' });
    context.state.tokens.delete(token);
    context.state.refreshTokens.delete(token);
    return reply.code(200).send();
  });

  app.get('/id/:orgId/:userId', async (request, reply) => {
    const token = validToken(context, request.headers.authorization);
    // The identity service answers a bad token with 403 and a plain-text body, not the REST error array.
    if (token === undefined) return reply.code(403).type('text/plain').send('Bad_OAuth_Token');
    const { orgId, userId } = request.params as { orgId: string; userId: string };
    if (orgId !== ORG_ID || userId !== USER_ID) return reply.code(404).type('text/plain').send('Bad_Id');
    const origin = originOf(request);
    return reply.send({
      id: `${origin}/id/${ORG_ID}/${USER_ID}`,
      asserted_user: true,
      user_id: USER_ID,
      organization_id: ORG_ID,
      username: token.username,
      nick_name: 'integration',
      display_name: 'Integration User',
      email: token.username,
      email_verified: true,
      active: true,
      user_type: 'STANDARD',
      language: 'en_US',
      locale: 'en_US',
      utcOffset: 0,
      urls: {
        rest: `${origin}/services/data/v{version}/`,
        sobjects: `${origin}/services/data/v{version}/sobjects/`,
        query: `${origin}/services/data/v{version}/query/`,
        profile: `${origin}/${USER_ID}`,
      },
    });
  });
}
