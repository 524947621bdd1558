import { createSalesforceEmulator, type SalesforceEmulatorOptions } from '../src/salesforce/index.ts';

export const CLIENT_ID = '3MVG9sandbox.flowsync';
export const CLIENT_SECRET = 'sandbox-client-secret';
export const ADMIN = { 'x-sandbox-admin': 'sandbox-admin' };

export interface Response<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A running emulator with small helpers for raw protocol calls. */
export async function startSalesforce(options: SalesforceEmulatorOptions = {}) {
  const emulator = await createSalesforceEmulator(options);
  const baseUrl = await emulator.app.listen({ host: '127.0.0.1', port: 0 });

  async function call<T = unknown>(
    method: string,
    path: string,
    init: { token?: string; json?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Response<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token !== undefined) headers['authorization'] = `Bearer ${init.token}`;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: body as T };
  }

  async function tokenRequest(form: Record<string, string>): Promise<Response<Record<string, string>>> {
    const response = await fetch(`${baseUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, string>,
    };
  }

  async function token(): Promise<string> {
    const response = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    if (response.status !== 200) throw new Error(`token: ${response.status}`);
    return response.body['access_token'] as string;
  }

  const api = (version = 'v62.0') => `/services/data/${version}`;
  const admin = <T = unknown>(method: string, path: string, json?: unknown) =>
    call<T>(method, `/__admin${path}`, { headers: ADMIN, ...(json === undefined ? {} : { json }) });

  return { emulator, baseUrl, call, tokenRequest, token, api, admin, close: () => emulator.app.close() };
}

export type SalesforceHarness = Awaited<ReturnType<typeof startSalesforce>>;

/** `SELECT …` as the query string of `GET /query`. */
export function q(soql: string): string {
  return `?q=${encodeURIComponent(soql)}`;
}
