import type { TSchema } from '@sinclair/typebox';
import { ConnectorError, type Connector } from '@flowsync/connector-sdk';
import { netsuiteConnectorDefinition } from '@flowsync/connector-netsuite';
import { salesforceConnectorDefinition } from '@flowsync/connector-salesforce';

/** What the server needs to know about a connector kind. */
export interface ConnectorDefinition {
  kind: string;
  label: string;
  configSchema: TSchema;
  secretKeys: readonly string[];
  create(config: Record<string, unknown>, secrets: Record<string, string>): Connector;
}

/** The connector kinds this installation offers, by kind. */
export const CONNECTOR_CATALOG: ReadonlyMap<string, ConnectorDefinition> = new Map<
  string,
  ConnectorDefinition
>(
  [salesforceConnectorDefinition, netsuiteConnectorDefinition].map((d) => [d.kind, d as ConnectorDefinition]),
);

export function definitionOf(kind: string): ConnectorDefinition {
  const definition = CONNECTOR_CATALOG.get(kind);
  if (!definition) {
    throw new ConnectorError(
      'VALIDATION_FAILED',
      `Unknown connector kind "${kind}"; known: ${[...CONNECTOR_CATALOG.keys()].join(', ')}`,
    );
  }
  return definition;
}
