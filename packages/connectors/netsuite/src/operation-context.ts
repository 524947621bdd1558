import type { NetSuiteClient } from './client.ts';
import type { NetSuiteConfig, NetSuiteSecrets } from './config.ts';

/** What every operation is handed: the transport and the parsed settings. */
export interface OperationContext {
  client: NetSuiteClient;
  config: NetSuiteConfig;
  secrets: NetSuiteSecrets;
}
