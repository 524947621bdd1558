import {
  createNetSuiteEmulator,
  type NetSuiteEmulator,
  type NetSuiteEmulatorOptions,
} from '../../../../sandbox/src/netsuite/index.ts';
import { createNetSuiteConnector, type NetSuiteConnector } from '../../src/index.ts';

export interface ConnectorHarness {
  emulator: NetSuiteEmulator;
  baseUrl: string;
  connector: NetSuiteConnector;
  /** Another connector on the same emulator, with other settings. */
  connect(
    overrides?: Record<string, unknown>,
    authKind?: 'tba' | 'oauth2',
    secretOverrides?: Record<string, string>,
  ): NetSuiteConnector;
  admin<T = any>(method: string, path: string, body?: unknown): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

/** Starts the NetSuite emulator on a loopback port and a connector configured as a user would. */
export async function startHarness(
  options: NetSuiteEmulatorOptions = {},
  connectorConfig: Record<string, unknown> = {},
  authKind: 'tba' | 'oauth2' = 'tba',
): Promise<ConnectorHarness> {
  const emulator = await createNetSuiteEmulator(options);
  const baseUrl = await emulator.app.listen({ host: '127.0.0.1', port: 0 });
  const opened: NetSuiteConnector[] = [];
  const connect: ConnectorHarness['connect'] = (overrides = {}, kind = authKind, secretOverrides = {}) => {
    const { config, secrets } = emulator.connection(baseUrl, kind);
    const connector = createNetSuiteConnector(
      { ...config, rateLimitBaseDelayMs: 5, ...connectorConfig, ...overrides },
      { ...secrets, ...secretOverrides },
    );
    opened.push(connector);
    return connector;
  };
  const connector = connect();
  return {
    emulator,
    baseUrl,
    connector,
    connect,
    async admin(method, path, body) {
      const response = await fetch(`${baseUrl}/__admin${path}`, {
        method,
        headers: {
          'x-sandbox-admin': 'sandbox-admin',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (response.status >= 400) throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
      return text === '' ? undefined : JSON.parse(text);
    },
    async close() {
      await Promise.all(opened.map((connector) => connector.close()));
      await emulator.webhooks.settle();
      await emulator.app.close();
    },
  };
}
