import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FaultState } from '../shared/faults.ts';
import type { WebhookDispatcher } from '../shared/webhooks.ts';
import type { AuthState, OAuth2Client, TbaCredentials } from './netsuite-auth.ts';
import { invalidParameter, type NetSuiteApiError } from './netsuite-errors.ts';
import type { NetSuiteStore } from './netsuite-store.ts';

/** One failed login, as NetSuite's Login Audit Trail would show it (the API only ever says INVALID_LOGIN). */
export interface LoginAuditEntry {
  at: string;
  method: string;
  url: string;
  /** NetSuite's TBA error names where one exists: `InvalidSignature`, `nonce_used`, `timestamp_refused`… */
  reason: string;
}

export interface NetSuiteStats {
  /** API calls by `METHOD /route`, refused ones included. */
  calls: Record<string, number>;
  refused: { concurrency: number; rateLimitFault: number; serverErrorFault: number; auth: number };
  /** Calls being served right now, and the most there ever were at once (refused ones included). */
  inFlight: number;
  peakInFlight: number;
}

export interface NetSuiteState {
  accountId: string;
  store: NetSuiteStore;
  auth: AuthState;
  loginAudit: LoginAuditEntry[];
  stats: NetSuiteStats;
}

export interface NetSuiteSettings {
  accountId: string;
  tba: TbaCredentials;
  oauth2: OAuth2Client;
  tokenLifetimeSeconds: number;
  concurrencyLimit: number;
  adminToken: string;
}

export interface NetSuiteContext {
  state: NetSuiteState;
  settings: NetSuiteSettings;
  faults: FaultState;
  webhooks: WebhookDispatcher;
  clock: () => number;
  /** Back to the seed data. */
  resetData(): void;
}

export function initialStats(): NetSuiteStats {
  return {
    calls: {},
    refused: { concurrency: 0, rateLimitFault: 0, serverErrorFault: 0, auth: 0 },
    inFlight: 0,
    peakInFlight: 0,
  };
}

/** `http://127.0.0.1:4010/services/rest`, as the client addressed this server. */
export function restBase(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/services/rest`;
}

export const ERROR_CONTENT_TYPE = 'application/vnd.oracle.resource+json; type=error';

/** Sends JSON with NetSuite's exact media type (as bytes, so that Fastify does not rewrite the header). */
export function sendResource(
  reply: FastifyReply,
  contentType: string,
  body: unknown,
  status = 200,
): FastifyReply {
  return reply
    .code(status)
    .header('content-type', contentType)
    .send(Buffer.from(JSON.stringify(body)));
}

export function sendError(reply: FastifyReply, error: NetSuiteApiError): FastifyReply {
  return sendResource(reply, ERROR_CONTENT_TYPE, error.body(), error.status);
}

/** `previous`/`first`/`next`/`last`/`self` links of an offset-paged collection. */
export function pagingLinks(
  href: string,
  query: Record<string, string>,
  offset: number,
  limit: number,
  total: number,
): { rel: string; href: string }[] {
  const link = (rel: string, at: number) => {
    const params = new URLSearchParams({ ...query, limit: String(limit), offset: String(at) });
    return { rel, href: `${href}?${params.toString()}` };
  };
  const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  const links: { rel: string; href: string }[] = [];
  if (offset > 0) links.push(link('previous', Math.max(0, offset - limit)));
  links.push(link('first', 0));
  if (offset + limit < total) links.push(link('next', offset + limit));
  links.push(link('last', lastOffset));
  links.push(link('self', offset));
  return links;
}

export function parsePaging(query: Record<string, string | undefined>): { limit: number; offset: number } {
  const limit = query['limit'] === undefined ? 1000 : Number(query['limit']);
  const offset = query['offset'] === undefined ? 0 : Number(query['offset']);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw invalidParameter(
      'Invalid value for the query parameter limit: it must be an integer from 1 to 1000.',
      'limit',
    );
  }
  if (!Number.isInteger(offset) || offset < 0 || offset % limit !== 0) {
    throw invalidParameter(
      'Invalid value for the query parameter offset: it must be a non-negative multiple of limit.',
      'offset',
    );
  }
  return { limit, offset };
}
