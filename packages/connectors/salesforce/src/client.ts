import {
  ConnectorError,
  createHttpClient,
  withToken,
  type AccessToken,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  type Logger,
  type TokenCache,
} from '@flowsync/connector-sdk';
import { createSalesforceTokens } from './auth.ts';
import type { SalesforceConfig, SalesforceSecrets } from './config.ts';
import { classifySalesforceError } from './salesforce-errors.ts';

/*
 * Why our own transport rather than jsforce: every outbound call of a connector must go through the
 * SDK's createHttpClient (SSRF guard, deadlines, Retry-After, redacted logs, one classifier), and
 * jsforce brings its own fetch-based transport that bypasses all of it. The REST surface we need
 * (token grants, query/queryMore, collections, describe) is small. The emulator's fidelity test drives
 * the same wire protocol with jsforce itself.
 */

export interface SalesforceRequest extends Omit<HttpRequest, 'url'> {
  /**
   * `query`, `sobjects/Contact/describe`… (under `/services/data/vNN.N/`), or a root-relative path that
   * Salesforce handed out, such as a `nextRecordsUrl` (`/services/data/v62.0/query/01g…-2000`).
   */
  path: string;
}

export interface SalesforceClient {
  readonly config: SalesforceConfig;
  readonly tokens: TokenCache;
  readonly http: HttpClient;
  /** Sends a REST call with the current token to its instance URL; an expired token is replaced and the call made again. */
  request<T = unknown>(request: SalesforceRequest): Promise<HttpResponse<T>>;
  /** The current token, fetching one if needed. */
  token(signal?: AbortSignal): Promise<AccessToken>;
  close(): Promise<void>;
}

/** The instance (API) base URL of a token: Salesforce's `instance_url`, else the login URL. */
export function instanceUrlOf(token: AccessToken, config: SalesforceConfig): string {
  return (token.instanceUrl ?? config.loginUrl).replace(/\/+$/, '');
}

/**
 * The Salesforce REST transport of one connection: SDK HTTP client with Salesforce's error classifier,
 * a single-flight token cache, and URLs built from the token's `instance_url`.
 *
 * @example
 * ```ts
 * const client = createSalesforceClient(config, secrets);
 * const { body } = await client.request<{ totalSize: number }>({ path: 'query', query: { q: 'SELECT COUNT() FROM Contact' } });
 * ```
 */
export function createSalesforceClient(
  config: SalesforceConfig,
  secrets: SalesforceSecrets,
  logger?: Logger,
): SalesforceClient {
  const http = createHttpClient({
    classifyError: classifySalesforceError,
    allowPrivateNetwork: config.allowPrivateNetwork,
    timeoutMs: config.timeoutMs,
    userAgent: 'flowsync-connector-salesforce',
    ...(logger === undefined ? {} : { logger }),
  });
  const tokens = createSalesforceTokens(config, secrets, http);
  const apiBase = `/services/data/v${config.apiVersion}/`;

  function urlFor(token: AccessToken, path: string): string {
    const base = instanceUrlOf(token, config);
    if (path.startsWith('/')) {
      // Only follow paths Salesforce itself hands out; never another host.
      if (!path.startsWith('/services/')) {
        throw new ConnectorError('BAD_RESPONSE', `Unexpected Salesforce path: ${path.slice(0, 100)}`);
      }
      return `${base}${path}`;
    }
    return `${base}${apiBase}${path}`;
  }

  return {
    config,
    tokens,
    http,
    request<T>(request: SalesforceRequest): Promise<HttpResponse<T>> {
      const { path, ...rest } = request;
      return withToken(
        tokens,
        (token) =>
          http.request<T>({
            ...rest,
            url: urlFor(token, path),
            headers: {
              accept: 'application/json',
              ...rest.headers,
              authorization: `Bearer ${token.accessToken}`,
            },
          }),
        request.signal,
      );
    },
    token: (signal) => tokens.get(signal),
    close: () => http.close(),
  };
}
