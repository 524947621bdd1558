import {
  ConnectorError,
  createHttpClient,
  describeHttpError,
  withToken,
  type ErrorClassifier,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  type Logger,
} from '@flowsync/connector-sdk';
import { createOAuth2Auth, createTbaAuth, type NetSuiteAuth } from './auth.ts';
import { Semaphore, sleep } from './concurrency.ts';
import { restRoot, type NetSuiteConfig, type NetSuiteSecrets } from './config.ts';

interface ErrorDetail {
  detail?: unknown;
  'o:errorCode'?: unknown;
  'o:errorPath'?: unknown;
}

function firstDetail(body: unknown): ErrorDetail | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const details = (body as Record<string, unknown>)['o:errorDetails'];
  return Array.isArray(details) && typeof details[0] === 'object' && details[0] !== null
    ? (details[0] as ErrorDetail)
    : undefined;
}

/**
 * NetSuite's error mapping: 429 → RATE_LIMITED; 401 → AUTH_EXPIRED with a bearer token (get a new one)
 * but AUTH_FAILED under TBA (its tokens do not expire, so a 401 is a credential or permission problem);
 * 400 → TARGET_VALIDATION naming `o:errorPath` (DUP_RCRD → DUPLICATE; a refused query or parameter →
 * VALIDATION_FAILED); 404 → RECORD_NOT_FOUND; 5xx → SERVER_ERROR.
 */
export function netSuiteErrorClassifier(authKind: NetSuiteAuth['kind']): ErrorClassifier {
  return (response) => {
    const detail = firstDetail(response.body);
    const vendorCode = typeof detail?.['o:errorCode'] === 'string' ? detail['o:errorCode'] : undefined;
    const text = typeof detail?.detail === 'string' ? detail.detail : undefined;
    const path = typeof detail?.['o:errorPath'] === 'string' ? detail['o:errorPath'] : undefined;
    const message =
      text === undefined
        ? describeHttpError(response)
        : `NetSuite ${response.method} ${response.url}: ${response.status} ${vendorCode ?? ''} ${text}`.replace(
            /\s+/g,
            ' ',
          );
    const base = { status: response.status, ...(vendorCode === undefined ? {} : { vendorCode }) };
    const { status } = response;
    if (status === 429) {
      return new ConnectorError('RATE_LIMITED', message, {
        ...base,
        ...(response.retryAfterMs === undefined ? {} : { retryAfterMs: response.retryAfterMs }),
      });
    }
    if (status === 401) {
      return authKind === 'oauth2'
        ? new ConnectorError('AUTH_EXPIRED', message, base)
        : new ConnectorError('AUTH_FAILED', message, base);
    }
    if (status === 403) return new ConnectorError('PERMISSION_DENIED', message, base);
    if (status === 404) return new ConnectorError('RECORD_NOT_FOUND', message, base);
    if (status === 400) {
      const fields = path === undefined ? {} : { fields: [path] };
      if (vendorCode === 'DUP_RCRD') return new ConnectorError('DUPLICATE', message, { ...base, ...fields });
      if (vendorCode === 'INVALID_PARAMETER' || vendorCode === 'INVALID_HEADER') {
        return new ConnectorError('VALIDATION_FAILED', message, base);
      }
      return new ConnectorError('TARGET_VALIDATION', message, { ...base, ...fields });
    }
    if (status >= 500) return new ConnectorError('SERVER_ERROR', message, base);
    return undefined;
  };
}

export interface SuiteQLPage {
  items: Record<string, unknown>[];
  hasMore: boolean;
  totalResults: number;
  /** `links[rel=next]`, when there is a next page. */
  next?: string;
}

export interface NetSuiteClientOptions {
  logger?: Logger;
  clock?: () => number;
  /** Replaces Math.random in the backoff jitter (tests). */
  random?: () => number;
}

/**
 * The transport: base URL, authentication, NetSuite's error mapping, at most `concurrency` calls in
 * flight, and backoff on 429 (the account's concurrency limit) without losing the call.
 *
 * @example
 * ```ts
 * const client = createNetSuiteClient(config, secrets);
 * const page = await client.suiteql('SELECT id FROM customer', { limit: 1 });
 * ```
 */
export interface NetSuiteClient {
  readonly accountId: string;
  readonly authKind: NetSuiteAuth['kind'];
  /** `https://<account>.suitetalk.api.netsuite.com/services/rest` */
  readonly restUrl: string;
  /** One REST call: relative URLs are under `restUrl`. */
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  /** Runs a SuiteQL query; `next` (from an earlier page) continues it. */
  suiteql(
    query: string,
    options: { limit: number; offset?: number; next?: string; signal?: AbortSignal },
  ): Promise<SuiteQLPage>;
  close(): Promise<void>;
}

export function createNetSuiteClient(
  config: NetSuiteConfig,
  secrets: NetSuiteSecrets,
  options: NetSuiteClientOptions = {},
): NetSuiteClient {
  const restUrl = restRoot(config);
  const random = options.random ?? Math.random;
  const tba = config.authKind === 'tba' ? createTbaAuth(config, secrets) : undefined;
  const http: HttpClient = createHttpClient({
    baseUrl: restUrl,
    timeoutMs: config.timeoutMs,
    connections: config.concurrency,
    allowPrivateNetwork: config.allowPrivateNetwork,
    classifyError: netSuiteErrorClassifier(config.authKind),
    userAgent: 'flowsync-connector-netsuite',
    headers: { accept: 'application/json' },
    ...(tba === undefined ? {} : { authorize: tba.authorize }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  const auth: NetSuiteAuth = tba ?? createOAuth2Auth(config, secrets, http, options.clock);
  const slots = new Semaphore(config.concurrency);

  async function authorized<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    if (auth.kind === 'tba') return http.request<T>(request);
    let attempts = 0;
    return withToken(
      auth.tokens,
      async (token) => {
        attempts += 1;
        try {
          return await http.request<T>({
            ...request,
            headers: { ...request.headers, authorization: `Bearer ${token.accessToken}` },
          });
        } catch (error) {
          // A token fresh from the token endpoint that is refused again is not an expiry.
          if (attempts > 1 && error instanceof ConnectorError && error.code === 'AUTH_EXPIRED') {
            throw new ConnectorError('AUTH_FAILED', `${error.message} (refused a newly issued token)`, {
              status: 401,
              cause: error,
            });
          }
          throw error;
        }
      },
      request.signal,
    );
  }

  async function request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    for (let retry = 0; ; retry++) {
      const release = await slots.acquire(req.signal);
      let delay: number;
      try {
        return await authorized<T>(req);
      } catch (error) {
        if (
          !(error instanceof ConnectorError) ||
          error.code !== 'RATE_LIMITED' ||
          retry >= config.rateLimitRetries
        ) {
          throw error;
        }
        // NetSuite sends no Retry-After for its concurrency limit: exponential backoff with jitter.
        const backoff = Math.min(30_000, config.rateLimitBaseDelayMs * 2 ** retry);
        delay = error.retryAfterMs ?? backoff / 2 + random() * (backoff / 2);
        options.logger?.debug({ retry: retry + 1, delayMs: Math.round(delay) }, 'NetSuite 429: backing off');
      } finally {
        release();
      }
      await sleep(delay, req.signal);
    }
  }

  return {
    accountId: config.accountId,
    authKind: auth.kind,
    restUrl,
    request,
    async suiteql(query, { limit, offset, next, signal }) {
      const response = await request<{
        items?: Record<string, unknown>[];
        hasMore?: boolean;
        totalResults?: number;
        links?: { rel?: string; href?: string }[];
      }>({
        method: 'POST',
        url: next ?? 'query/v1/suiteql',
        ...(next === undefined ? { query: { limit, offset: offset ?? 0 } } : {}),
        // Required on SuiteQL calls; the query is JSON-encoded, never spliced into a string.
        headers: { prefer: 'transient' },
        json: { q: query },
        expectJson: true,
        ...(signal === undefined ? {} : { signal }),
      });
      const body = response.body;
      if (typeof body !== 'object' || body === null || !Array.isArray(body.items)) {
        throw new ConnectorError('BAD_RESPONSE', 'NetSuite SuiteQL answered without items', {
          status: response.status,
        });
      }
      const nextLink = body.links?.find((link) => link.rel === 'next')?.href;
      return {
        items: body.items,
        hasMore: body.hasMore === true,
        totalResults: typeof body.totalResults === 'number' ? body.totalResults : body.items.length,
        ...(body.hasMore === true && nextLink !== undefined ? { next: nextLink } : {}),
      };
    },
    close: () => http.close(),
  };
}
