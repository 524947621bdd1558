import type { Connector } from './connector.ts';
import { ConnectorError } from './connector-error.ts';

/**
 * Resolves a flow's connection name to a ready connector. The engine's only way to reach a system.
 * Implementations throw ConnectorError CONNECTION_NOT_FOUND for an unknown name.
 *
 * @example
 * ```ts
 * const salesforce = await registry.get('salesforce-prod');
 * ```
 */
export interface ConnectorRegistry {
  get(connectionName: string): Promise<Connector>;
}

/**
 * A Map-backed registry, for tests and simple wiring.
 *
 * @example
 * ```ts
 * const registry = new InMemoryConnectorRegistry({ 'netsuite-sandbox': netsuite, 'salesforce-dev': salesforce });
 * await registry.get('netsuite-sandbox');
 * ```
 */
export class InMemoryConnectorRegistry implements ConnectorRegistry {
  readonly #connectors = new Map<string, Connector>();

  constructor(connectors: Record<string, Connector> | Iterable<readonly [string, Connector]> = {}) {
    const entries = Symbol.iterator in connectors ? connectors : Object.entries(connectors);
    for (const [name, connector] of entries) this.#connectors.set(name, connector);
  }

  set(connectionName: string, connector: Connector): this {
    this.#connectors.set(connectionName, connector);
    return this;
  }

  delete(connectionName: string): boolean {
    return this.#connectors.delete(connectionName);
  }

  names(): string[] {
    return [...this.#connectors.keys()];
  }

  get(connectionName: string): Promise<Connector> {
    const connector = this.#connectors.get(connectionName);
    if (connector === undefined) {
      return Promise.reject(
        new ConnectorError('CONNECTION_NOT_FOUND', `No connection named "${connectionName}"`),
      );
    }
    return Promise.resolve(connector);
  }
}
