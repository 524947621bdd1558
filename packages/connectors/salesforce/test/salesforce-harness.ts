import {
  createSalesforceEmulator,
  type SalesforceEmulatorOptions,
} from '../../../sandbox/src/salesforce/index.ts';
import { createSalesforceConnector, type SalesforceConnector } from '../src/index.ts';

/** The Salesforce emulator on a free port and a connector pointed at it. */
export async function startHarness(
  options: SalesforceEmulatorOptions = {},
  overrides: { config?: Record<string, unknown>; secrets?: Record<string, string> } = {},
) {
  const emulator = await createSalesforceEmulator(options);
  const baseUrl = await emulator.app.listen({ host: '127.0.0.1', port: 0 });
  const connection = emulator.connection(baseUrl);
  const connectors: SalesforceConnector[] = [];
  const connect = (
    config: Record<string, unknown> = {},
    secrets: Record<string, string> = {},
  ): SalesforceConnector => {
    const connector = createSalesforceConnector(
      { ...connection.config, ...overrides.config, ...config },
      { ...connection.secrets, ...overrides.secrets, ...secrets },
    );
    connectors.push(connector);
    return connector;
  };
  const connector = connect();

  async function admin<T = unknown>(method: string, path: string, json?: unknown): Promise<T> {
    const response = await fetch(`${baseUrl}/__admin${path}`, {
      method,
      headers: {
        'x-sandbox-admin': 'sandbox-admin',
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    const text = await response.text();
    if (response.status >= 400) throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /** Calls per emulator route, e.g. `PATCH /services/data/:version/composite/sobjects/:object/:field`. */
  const calls = (route: string): number => emulator.state.calls.get(route) ?? 0;

  return {
    emulator,
    baseUrl,
    connection,
    connector,
    connect,
    admin,
    calls,
    async close() {
      await Promise.all(connectors.map((c) => c.close()));
      await emulator.app.close();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

export const QUERY = 'GET /services/data/:version/query';
export const QUERY_MORE = 'GET /services/data/:version/query/:locator';
export const UPSERT = 'PATCH /services/data/:version/composite/sobjects/:object/:field';
