import type { LookupFunction } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { ConnectorError } from '../connector-error.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { defaultClassifyError, type ErrorClassifier, type HttpErrorResponse } from './classify-error.ts';
import type { HttpClient, HttpMethod, HttpRequest, HttpResponse, QueryParams } from './http-types.ts';
import { redactUrl } from './redact.ts';
import { parseRetryAfter } from './retry-after.ts';
import { assertUrlAllowed, createDestinationPolicy, createGuardedLookup } from './ssrf-guard.ts';

export interface HttpClientOptions {
  /** Prefix for relative request URLs, e.g. `https://acme.my.salesforce.com/services/data/v62.0`. */
  baseUrl?: string;
  /** Headers sent with every request (request headers win). */
  headers?: Record<string, string>;
  /** Default deadline per call (connect + headers + body). Default 30 000 ms. */
  timeoutMs?: number;
  /** Pooled keep-alive connections per origin. Default 10. */
  connections?: number;
  /** How long an idle pooled connection is kept. Default 10 000 ms (a server's Keep-Alive hint wins if lower). */
  keepAliveTimeoutMs?: number;
  /** Larger responses fail with BAD_RESPONSE. Default 50 MiB. */
  maxResponseBytes?: number;
  /**
   * Allow loopback, private, link-local and other internal destinations. Off by default so that a
   * user-supplied URL cannot reach the metadata service or the internal network.
   */
  allowPrivateNetwork?: boolean;
  /** Hosts that may resolve to internal addresses even when `allowPrivateNetwork` is off (on-premises systems). */
  allowedHosts?: readonly string[];
  /** Vendor mapping of error responses; return undefined to use {@link defaultClassifyError}. */
  classifyError?: ErrorClassifier;
  /**
   * Headers computed per request from the final URL, e.g. an OAuth 1.0a signature (fresh nonce each call)
   * or a bearer token. They are never logged.
   */
  authorize?: (request: {
    method: HttpMethod;
    url: string;
  }) => Record<string, string> | Promise<Record<string, string>>;
  /** Receives one line per call: method, redacted URL, status, duration, bytes. */
  logger?: Logger;
  /** For Retry-After dates and durations; defaults to Date.now. */
  clock?: () => number;
  /** DNS resolver used for connections (tests inject one); results still pass the destination check. */
  lookup?: LookupFunction;
  userAgent?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

/**
 * Creates the shared HTTP transport for connectors: pooled keep-alive connections, a deadline per call,
 * classified errors, a guard against internal destinations and one redacted log line per call.
 *
 * @example
 * ```ts
 * const http = createHttpClient({ baseUrl: 'https://acme.my.salesforce.com/services/data/v62.0', logger });
 * const { body } = await http.request<{ records: unknown[] }>({
 *   url: 'query',
 *   query: { q: 'SELECT Id FROM Contact' },
 *   headers: { authorization: `Bearer ${token.accessToken}` },
 * });
 * ```
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const policy = createDestinationPolicy(options);
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? Date.now;
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const defaultHeaders = lowerCaseHeaders(options.headers ?? {});
  const userAgent = options.userAgent ?? 'flowsync-connector-sdk';
  const guardLookups = !policy.allowPrivateNetwork || options.lookup !== undefined;
  const agent = new Agent({
    connections: options.connections ?? 10,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
    // Our own deadline (below) covers the whole call; these only stop a stalled socket sooner.
    headersTimeout: defaultTimeoutMs,
    bodyTimeout: defaultTimeoutMs,
    connect: guardLookups ? { lookup: createGuardedLookup(policy, options.lookup) } : {},
  });

  async function request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const method = req.method ?? 'GET';
    const started = performance.now();
    const timeoutMs = req.timeoutMs ?? defaultTimeoutMs;
    let logUrl = req.url;
    let status: number | undefined;
    let bytes = 0;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    const signal =
      req.signal === undefined ? deadline.signal : AbortSignal.any([deadline.signal, req.signal]);
    try {
      const url = buildUrl(options.baseUrl, req.url, req.query);
      logUrl = redactUrl(url);
      assertUrlAllowed(url, policy);
      if (req.signal?.aborted === true) throw cancelled(method, logUrl);

      const headers: Record<string, string> = { 'user-agent': userAgent, ...defaultHeaders };
      Object.assign(headers, lowerCaseHeaders(req.headers ?? {}));
      const body = encodeBody(req, headers);
      if (options.authorize !== undefined) {
        Object.assign(headers, lowerCaseHeaders(await options.authorize({ method, url: url.href })));
      }

      const response = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method,
        headers,
        body,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      status = response.statusCode;
      const raw = await readBody(response.body, maxResponseBytes, method, logUrl);
      bytes = raw.length;
      const { headers: responseHeaders, setCookie } = flattenHeaders(response.headers);
      const retryAfterMs = parseRetryAfter(responseHeaders['retry-after'], clock());
      const ok = status >= 200 && status < 300;
      const parsed = parseBody(
        raw,
        responseHeaders['content-type'],
        req.expectJson === true,
        ok,
        logUrl,
        status,
      );

      if (!ok) {
        const errorResponse: HttpErrorResponse = {
          method,
          url: logUrl,
          status,
          headers: responseHeaders,
          body: parsed,
          bodyText: raw.toString('utf8'),
          retryAfterMs,
        };
        const classify = req.classifyError ?? options.classifyError;
        throw classify?.(errorResponse) ?? defaultClassifyError(errorResponse);
      }
      logger.debug(
        { method, url: logUrl, status, durationMs: elapsed(started), bytes },
        `${method} ${logUrl} ${status}`,
      );
      return { status, headers: responseHeaders, setCookie, body: parsed as T, retryAfterMs, url: url.href };
    } catch (error) {
      const failure = toTransportError(error, {
        method,
        url: logUrl,
        timedOut: deadline.signal.aborted,
        cancelled: req.signal?.aborted === true,
        timeoutMs,
      });
      logger.warn(
        {
          method,
          url: logUrl,
          ...(status === undefined ? {} : { status }),
          durationMs: elapsed(started),
          bytes,
          errorCode: failure.code,
        },
        `${method} ${logUrl} failed: ${failure.code}`,
      );
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    request,
    close: () => agent.close(),
  };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function lowerCaseHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) result[name.toLowerCase()] = value;
  }
  return result;
}

/** RFC 3986 encoding: what OAuth 1.0a signs and every server decodes (no `+` for spaces). */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function encodeQuery(query: QueryParams): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) pairs.push(`${encodeRfc3986(name)}=${encodeRfc3986(String(item))}`);
  }
  return pairs.join('&');
}

function buildUrl(baseUrl: string | undefined, target: string, query: QueryParams | undefined): URL {
  let url: URL;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    url = parseUrl(target);
  } else {
    if (baseUrl === undefined) {
      throw new ConnectorError('INTERNAL', `Relative URL "${target}" needs a baseUrl on the HTTP client`);
    }
    // Join like a path, not like a browser link: "/sobjects" must not drop the base's "/services/data/v62.0".
    url = parseUrl(`${baseUrl.replace(/\/+$/, '')}/${target.replace(/^\/+/, '')}`);
  }
  const extra = query === undefined ? '' : encodeQuery(query);
  if (extra !== '') url.search = url.search === '' ? `?${extra}` : `${url.search}&${extra}`;
  url.hash = '';
  return url;
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch (error) {
    throw new ConnectorError('INTERNAL', `Invalid URL: ${redactUrl(text)}`, { cause: error });
  }
}

function encodeBody(req: HttpRequest, headers: Record<string, string>): string | Uint8Array | undefined {
  if (req.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    return JSON.stringify(req.json);
  }
  if (req.form !== undefined) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    return encodeQuery(req.form);
  }
  return req.body;
}

async function readBody(
  body: Dispatcher.ResponseData['body'],
  maxBytes: number,
  method: string,
  url: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > maxBytes) {
      body.destroy();
      throw new ConnectorError('BAD_RESPONSE', `Response from ${method} ${url} exceeds ${maxBytes} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): {
  headers: Record<string, string>;
  setCookie: string[];
} {
  const headers: Record<string, string> = {};
  let setCookie: string[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (key === 'set-cookie') setCookie = Array.isArray(value) ? [...value] : [value];
    headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { headers, setCookie };
}

const JSON_CONTENT_TYPE = /^\s*(application\/([\w.+-]+\+)?json|text\/json)\b/i;

function parseBody(
  raw: Buffer,
  contentType: string | undefined,
  expectJson: boolean,
  ok: boolean,
  url: string,
  status: number,
): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  if (!expectJson && !JSON_CONTENT_TYPE.test(contentType ?? '')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // An error page that claims to be JSON is still an error page: let the classifier see its text.
    if (!ok) return text;
    throw new ConnectorError('BAD_RESPONSE', `Invalid JSON in HTTP ${status} response from ${url}`, {
      status,
      cause: error,
    });
  }
}

function cancelled(method: string, url: string, cause?: unknown): ConnectorError {
  return new ConnectorError('CANCELLED', `${method} ${url} was cancelled`, {
    retryable: false,
    ...(cause === undefined ? {} : { cause }),
  });
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

/** Every error code in an error, its causes and an AggregateError's members (happy-eyeballs failures). */
function errorCodes(error: unknown, depth = 0): string[] {
  if (depth > 4 || typeof error !== 'object' || error === null) return [];
  const codes: string[] = [];
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === 'string') codes.push(code);
  codes.push(...errorCodes(cause, depth + 1));
  if (error instanceof AggregateError)
    for (const inner of error.errors) codes.push(...errorCodes(inner, depth + 1));
  return codes;
}

function findConnectorError(error: unknown, depth = 0): ConnectorError | undefined {
  if (error instanceof ConnectorError) return error;
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  return findConnectorError((error as { cause?: unknown }).cause, depth + 1);
}

function toTransportError(
  error: unknown,
  context: { method: string; url: string; timedOut: boolean; cancelled: boolean; timeoutMs: number },
): ConnectorError {
  const { method, url } = context;
  const known = findConnectorError(error);
  if (known !== undefined) return known;
  if (context.timedOut) {
    return new ConnectorError(
      'TIMEOUT',
      `${method} ${url}: no complete response within ${context.timeoutMs} ms`,
      {
        cause: error,
      },
    );
  }
  if (context.cancelled) return cancelled(method, url, error);
  const codes = errorCodes(error);
  const detail = error instanceof Error ? error.message : String(error);
  const timeoutCode = codes.find((code) => TIMEOUT_CODES.has(code));
  if (timeoutCode !== undefined) {
    return new ConnectorError('TIMEOUT', `${method} ${url}: ${timeoutCode} ${detail}`, { cause: error });
  }
  const networkCode = codes.find((code) => NETWORK_CODES.has(code));
  if (networkCode !== undefined || /socket hang up|other side closed/i.test(detail)) {
    return new ConnectorError('NETWORK', `${method} ${url}: ${networkCode ?? ''} ${detail}`.trim(), {
      cause: error,
    });
  }
  const tlsCode = codes.find((code) => /CERT|TLS|SSL/.test(code));
  if (tlsCode !== undefined) {
    // A certificate problem does not fix itself in a retry's backoff window.
    return new ConnectorError('NETWORK', `${method} ${url}: TLS failure ${tlsCode} ${detail}`, {
      cause: error,
      retryable: false,
    });
  }
  return new ConnectorError('INTERNAL', `${method} ${url}: ${detail}`, { cause: error });
}
