import { createOAuth1Signer, type OAuth1SignerOptions } from '@flowsync/connector-sdk';
import {
  createNetSuiteEmulator,
  type NetSuiteEmulator,
  type NetSuiteEmulatorOptions,
} from '../../src/netsuite/index.ts';

export interface CallOptions {
  method?: string;
  query?: Record<string, string | number>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Default: TBA-signed with the emulator's credentials. `false`: no Authorization header. */
  auth?: false | { bearer: string } | { authorization: string } | Partial<OAuth1SignerOptions>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  /** Parsed JSON when there is a body. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test responses are inspected freely
}

export interface NetSuiteHarness {
  emulator: NetSuiteEmulator;
  baseUrl: string;
  /** `/services/rest` + path, signed with TBA unless told otherwise. */
  call(path: string, options?: CallOptions): Promise<CallResult>;
  suiteql(
    q: string,
    query?: Record<string, string | number>,
    headers?: Record<string, string>,
  ): Promise<CallResult>;
  admin(method: string, path: string, body?: unknown, token?: string): Promise<CallResult>;
  close(): Promise<void>;
}

async function toResult(response: Response): Promise<CallResult> {
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
}

export async function startNetSuite(options: NetSuiteEmulatorOptions = {}): Promise<NetSuiteHarness> {
  const emulator = await createNetSuiteEmulator(options);
  const baseUrl = await emulator.app.listen({ host: '127.0.0.1', port: 0 });
  const { secrets } = emulator.connection(baseUrl);
  const defaults: OAuth1SignerOptions = {
    consumerKey: secrets['consumerKey'] as string,
    consumerSecret: secrets['consumerSecret'] as string,
    token: secrets['tokenId'] as string,
    tokenSecret: secrets['tokenSecret'] as string,
    realm: emulator.state.accountId,
  };

  async function call(path: string, options: CallOptions = {}): Promise<CallResult> {
    const method = options.method ?? 'GET';
    const url = new URL(`${baseUrl}/services/rest${path}`);
    for (const [name, value] of Object.entries(options.query ?? {}))
      url.searchParams.append(name, String(value));
    const headers: Record<string, string> = { ...options.headers };
    const auth = options.auth ?? {};
    if (auth !== false) {
      if ('bearer' in auth) headers['authorization'] = `Bearer ${auth.bearer}`;
      else if ('authorization' in auth) headers['authorization'] = auth.authorization;
      else
        headers['authorization'] = createOAuth1Signer({ ...defaults, ...auth }).sign({
          method,
          url: url.href,
        });
    }
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(url, {
      method,
      headers,
      ...(options.body === undefined
        ? {}
        : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    });
    return toResult(response);
  }

  return {
    emulator,
    baseUrl,
    call,
    suiteql: (q, query = {}, headers = { prefer: 'transient' }) =>
      call('/query/v1/suiteql', { method: 'POST', query, body: { q }, headers }),
    async admin(method, path, body, token = 'sandbox-admin') {
      const response = await fetch(`${baseUrl}/__admin${path}`, {
        method,
        headers: {
          'x-sandbox-admin': token,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return toResult(response);
    },
    async close() {
      await emulator.webhooks.settle();
      await emulator.app.close();
    },
  };
}

export function errorCodeOf(result: CallResult): string | undefined {
  return result.body?.['o:errorDetails']?.[0]?.['o:errorCode'];
}
