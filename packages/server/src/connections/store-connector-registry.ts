import { ConnectorError, type Connector, type ConnectorRegistry } from '@flowsync/connector-sdk';
import type { ConnectionRepository } from '@flowsync/store';
import { definitionOf } from './connector-catalog.ts';

interface Cached {
  updatedAt: string;
  connector: Connector;
}

/**
 * Resolves a flow's connection names to connectors built from the stored connections (secrets
 * decrypted only here). A connector is reused until its connection changes, so token caches survive
 * between calls and runs.
 *
 * @example
 * ```ts
 * const registry = new StoreConnectorRegistry(store.connections);
 * const salesforce = await registry.get('salesforce');
 * ```
 */
export class StoreConnectorRegistry implements ConnectorRegistry {
  private readonly connections: ConnectionRepository;
  private readonly cache = new Map<string, Cached>();

  constructor(connections: ConnectionRepository) {
    this.connections = connections;
  }

  async get(connectionName: string): Promise<Connector> {
    const stored = await this.connections.get(connectionName);
    if (!stored) throw new ConnectorError('CONNECTION_NOT_FOUND', `No connection named "${connectionName}"`);
    const cached = this.cache.get(connectionName);
    if (cached && cached.updatedAt === stored.updatedAt) return cached.connector;
    await this.release(cached?.connector);
    const connector = definitionOf(stored.kind).create(stored.config, stored.secrets);
    this.cache.set(connectionName, { updatedAt: stored.updatedAt, connector });
    return connector;
  }

  /** Drops the cached connector of a changed or deleted connection. */
  async invalidate(connectionName: string): Promise<void> {
    const cached = this.cache.get(connectionName);
    this.cache.delete(connectionName);
    await this.release(cached?.connector);
  }

  async close(): Promise<void> {
    const all = [...this.cache.values()];
    this.cache.clear();
    await Promise.all(all.map((c) => this.release(c.connector)));
  }

  private async release(connector: Connector | undefined): Promise<void> {
    const closable = connector as (Connector & { close?: () => Promise<void> }) | undefined;
    await closable?.close?.().catch(() => undefined);
  }
}
