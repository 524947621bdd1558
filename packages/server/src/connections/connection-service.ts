import type {
  ConnectionInfo,
  ConnectionTestResult,
  ConnectionUsage,
  ConnectorKindInfo,
  ConnectorObjectInfo,
  ErrorCode,
  PutConnectionRequest,
  SampleRecords,
  SampleRecordsRequest,
} from '@flowsync/contracts';
import { ConnectorError, type Connector } from '@flowsync/connector-sdk';
import { connectionsOf } from '@flowsync/flow-core';
import type { ConnectionSummary, Store } from '@flowsync/store';
import { Kind, type TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { AppError, notFound, type ApiIssue } from '../app-error.ts';
import type { Principal } from '../auth/principal.ts';
import { CONNECTOR_CATALOG, type ConnectorDefinition } from './connector-catalog.ts';

/** Records a sample holds when the request does not say. */
const SAMPLE_LIMIT = 200;

/** The part of the connector registry the connection resources use. */
export interface ConnectorSource {
  get(connectionName: string): Promise<Connector>;
  invalidate(connectionName: string): Promise<void>;
}

export interface ConnectionServiceDeps {
  store: Store;
  connectors: ConnectorSource;
  catalog?: ReadonlyMap<string, ConnectorDefinition>;
  /** How long a connection test or an object listing may take. */
  callTimeoutMs?: number;
}

/**
 * Connection use cases behind the REST routes. Secrets are write-only: they go into the store and into
 * connectors, and never into a response or an audit entry.
 *
 * @example
 * ```ts
 * const connections = new ConnectionService({ store, connectors });
 * await connections.put('salesforce', { kind: 'salesforce', config, secrets }, principal);
 * ```
 */
export class ConnectionService {
  private readonly store: Store;
  private readonly connectors: ConnectorSource;
  private readonly catalog: ReadonlyMap<string, ConnectorDefinition>;
  private readonly callTimeoutMs: number;

  constructor(deps: ConnectionServiceDeps) {
    this.store = deps.store;
    this.connectors = deps.connectors;
    this.catalog = deps.catalog ?? CONNECTOR_CATALOG;
    this.callTimeoutMs = deps.callTimeoutMs ?? 30_000;
  }

  kinds(): ConnectorKindInfo[] {
    return [...this.catalog.values()].map((definition) => ({
      kind: definition.kind,
      label: definition.label,
      // JSON round trip: plain JSON Schema, without TypeBox's symbol-keyed metadata.
      configSchema: JSON.parse(JSON.stringify(definition.configSchema)) as unknown,
      secretKeys: [...definition.secretKeys],
    }));
  }

  async list(): Promise<ConnectionInfo[]> {
    const [connections, usage] = await Promise.all([this.store.connections.list(), this.usage()]);
    return connections.map((c) => info(c, usage.get(c.name) ?? []));
  }

  async get(name: string): Promise<ConnectionInfo> {
    const stored = await this.store.connections.get(name);
    if (!stored) throw notFound(`Connection "${name}"`);
    const usage = await this.usage();
    return info(stored, usage.get(name) ?? []);
  }

  /**
   * Creates or replaces a connection. Config is checked against the kind's schema, secret names
   * against the kind's secret keys, and the whole against the connector's own rules (e.g. the
   * secret an auth kind needs). Empty secret values count as not given.
   */
  async put(
    name: string,
    request: PutConnectionRequest,
    actor: Pick<Principal, 'email'>,
  ): Promise<{ connection: ConnectionInfo; created: boolean }> {
    const definition = this.catalog.get(request.kind);
    if (!definition) {
      throw invalid([
        {
          path: '/body/kind',
          message: `kind must be one of ${[...this.catalog.keys()].join(', ')} (got "${request.kind}")`,
        },
      ]);
    }
    const issues = [
      ...configIssues(definition, request.config),
      ...Object.keys(request.secrets ?? {})
        .filter((key) => !definition.secretKeys.includes(key))
        .map((key) => ({
          path: `/body/secrets/${key}`,
          message: `secrets.${key} is not a secret of ${definition.label} connections (they are ${definition.secretKeys.join(', ')})`,
        })),
    ];
    if (issues.length > 0) throw invalid(issues);

    const existing = await this.store.connections.get(name);
    const given = Object.fromEntries(
      Object.entries(request.secrets ?? {}).filter(([, value]) => value !== ''),
    );
    const kept =
      request.keepExistingSecrets && existing
        ? Object.fromEntries(
            Object.entries(existing.secrets).filter(
              ([key]) => definition.secretKeys.includes(key) && !(key in given),
            ),
          )
        : {};
    const secrets = { ...kept, ...given };
    await checkConnectorAccepts(definition, request.config, secrets);

    const saved = await this.store.connections.put(
      { name, kind: definition.kind, config: request.config, secrets },
      actor.email,
    );
    await this.connectors.invalidate(name);
    const changedConfig = existing
      ? [...new Set([...Object.keys(existing.config), ...Object.keys(request.config)])].filter(
          (key) => !Value.Equal(existing.config[key], request.config[key]),
        )
      : Object.keys(request.config);
    await this.store.audit.append({
      actor: actor.email,
      action: existing ? 'connection.updated' : 'connection.created',
      subject: `connection:${name}`,
      detail: {
        kind: definition.kind,
        ...(existing && existing.kind !== definition.kind ? { previousKind: existing.kind } : {}),
        changedConfig,
        // Names only: which secrets were set by this request and which were kept.
        secretsSet: Object.keys(given),
        secretsKept: Object.keys(kept),
      },
    });
    const usage = await this.usage();
    return { connection: info(saved, usage.get(name) ?? []), created: existing === null };
  }

  /** Refused (409) while an enabled flow uses the connection. */
  async delete(name: string, actor: Pick<Principal, 'email'>): Promise<void> {
    const stored = await this.store.connections.get(name);
    if (!stored) throw notFound(`Connection "${name}"`);
    const enabledUsers = ((await this.usage()).get(name) ?? []).filter((u) => u.enabled);
    if (enabledUsers.length > 0) {
      const flows = enabledUsers.map((u) => `"${u.flowId}"`).join(', ');
      throw new AppError(
        'CONFLICT',
        `Connection "${name}" is used by enabled flow${enabledUsers.length === 1 ? '' : 's'} ${flows}; switch ${enabledUsers.length === 1 ? 'it' : 'them'} off first`,
        enabledUsers.map((u) => ({
          path: `/flows/${u.flowId}`,
          message: `enabled flow ${u.flowId} uses it`,
        })),
      );
    }
    await this.store.connections.delete(name);
    await this.connectors.invalidate(name);
    await this.store.audit.append({
      actor: actor.email,
      action: 'connection.deleted',
      subject: `connection:${name}`,
      detail: { kind: stored.kind },
    });
  }

  /** Asks the system whether the stored settings work; a failure is a result, not an API error. */
  async test(name: string): Promise<ConnectionTestResult> {
    await this.requireExists(name);
    try {
      const connector = await this.connectors.get(name);
      const result = await connector.testConnection(AbortSignal.timeout(this.callTimeoutMs));
      return { ok: true, detail: result.detail };
    } catch (error) {
      const failure = asConnectorError(error);
      return { ok: false, code: failure.code, message: failure.message, retryable: failure.retryable };
    }
  }

  async objects(name: string): Promise<{ name: string; label: string }[]> {
    await this.requireExists(name);
    return this.call(async (connector) => {
      const objects = await connector.listObjects(AbortSignal.timeout(this.callTimeoutMs));
      return objects.map((o) => ({ name: o.name, label: o.label }));
    }, name);
  }

  async describe(name: string, object: string): Promise<ConnectorObjectInfo> {
    await this.requireExists(name);
    return this.call(async (connector) => {
      const d = await connector.describeObject(object, AbortSignal.timeout(this.callTimeoutMs));
      return {
        name: d.name,
        label: d.label,
        idField: d.idField,
        ...(d.modifiedField === undefined ? {} : { modifiedField: d.modifiedField }),
        fields: d.fields.map((f) => ({ ...f })),
      };
    }, name);
  }

  /**
   * The first `limit` records (default 200) of an object as a flow's trigger would read them: its
   * fields and source filters applied, no incremental window. Pages are read until `limit` records
   * are in hand, since a system may answer with smaller pages than asked for.
   *
   * @example
   * ```ts
   * const sample = await connections.sample('netsuite', 'contact', { filters: [...], limit: 50 });
   * sample.records.length; // ≤ 50
   * ```
   */
  async sample(name: string, object: string, request: SampleRecordsRequest): Promise<SampleRecords> {
    await this.requireExists(name);
    const limit = request.limit ?? SAMPLE_LIMIT;
    return this.call(async (connector) => {
      const signal = AbortSignal.timeout(this.callTimeoutMs);
      const description = await connector.describeObject(object, signal);
      const records: Record<string, unknown>[] = [];
      for await (const page of connector.read({
        object,
        pageSize: limit,
        idField: description.idField,
        ...(request.fields && request.fields.length > 0 ? { fields: request.fields } : {}),
        ...(request.filters && request.filters.length > 0 ? { filters: request.filters } : {}),
        signal,
      })) {
        records.push(...page.records.slice(0, limit - records.length));
        if (records.length >= limit) break;
      }
      return { object: description.name, idField: description.idField, records };
    }, name);
  }

  private async call<T>(work: (connector: Connector) => Promise<T>, name: string): Promise<T> {
    try {
      return await work(await this.connectors.get(name));
    } catch (error) {
      const failure = asConnectorError(error);
      // The system's answer, not ours: a refused login there must not read as "sign in again" here.
      const status =
        failure.code === 'RECORD_NOT_FOUND' ? 404 : failure.code === 'VALIDATION_FAILED' ? 400 : 502;
      throw new AppError(failure.code, `Connection "${name}": ${failure.message}`, undefined, status);
    }
  }

  private async requireExists(name: string): Promise<void> {
    const all = await this.store.connections.list();
    if (!all.some((c) => c.name === name)) throw notFound(`Connection "${name}"`);
  }

  /** Flows (current versions) by the connection names they use. */
  private async usage(): Promise<Map<string, ConnectionUsage[]>> {
    const states = await this.store.flows.list();
    const byConnection = new Map<string, ConnectionUsage[]>();
    await Promise.all(
      states.map(async (state) => {
        const current = await this.store.flows.get(state.flowId);
        if (!current) return;
        const names = new Set(current.flow.nodes.flatMap((node) => connectionsOf(node)));
        for (const connection of names) {
          const list = byConnection.get(connection) ?? [];
          list.push({ flowId: state.flowId, enabled: state.enabled });
          byConnection.set(connection, list);
        }
      }),
    );
    for (const list of byConnection.values()) list.sort((a, b) => a.flowId.localeCompare(b.flowId));
    return byConnection;
  }
}

function info(connection: ConnectionSummary, usedBy: ConnectionUsage[]): ConnectionInfo {
  // Built field by field: the stored record may carry secrets, which must never leave.
  return {
    name: connection.name,
    kind: connection.kind,
    config: connection.config,
    secretKeys: [...connection.secretKeys].sort(),
    createdAt: connection.createdAt,
    updatedAt: connection.updatedAt,
    updatedBy: connection.updatedBy,
    usedBy,
  };
}

function invalid(issues: ApiIssue[]): AppError {
  return new AppError('VALIDATION_FAILED', issues.map((i) => i.message).join('; '), issues);
}

/** Schema errors of the config (defaults applied first), plus secrets or unknown keys put in config. */
function configIssues(definition: ConnectorDefinition, config: Record<string, unknown>): ApiIssue[] {
  const schema = definition.configSchema;
  const issues: ApiIssue[] = [];
  const known = objectProperties(schema);
  for (const key of Object.keys(config)) {
    if (definition.secretKeys.includes(key)) {
      issues.push({
        path: `/body/config/${key}`,
        message: `config.${key} is a secret: send it in secrets, which are stored encrypted and never shown`,
      });
    } else if (known !== undefined && !known.includes(key)) {
      issues.push({
        path: `/body/config/${key}`,
        message: `config.${key} is not a ${definition.label} setting (they are ${known.join(', ')})`,
      });
    }
  }
  const candidate = Value.Default(schema, structuredClone(config));
  for (const error of Value.Errors(schema, candidate)) {
    if (error.type === ValueErrorType.ObjectAdditionalProperties) continue; // reported above
    const field = error.path.replace(/^\//, '').replaceAll('/', '.');
    issues.push({
      path: `/body/config${error.path}`,
      message: `config.${field} ${error.type === ValueErrorType.ObjectRequiredProperty ? 'is required' : error.message.toLowerCase()}`,
    });
  }
  return issues;
}

function objectProperties(schema: TSchema): string[] | undefined {
  if (schema[Kind] !== 'Object') return undefined;
  const properties = (schema as { properties?: Record<string, unknown> }).properties;
  return properties === undefined ? undefined : Object.keys(properties);
}

/**
 * The connector's own checks (e.g. the secret its auth kind needs), by building one and closing it.
 * Its message names the field (`Salesforce connection: clientSecret: required for …`).
 */
async function checkConnectorAccepts(
  definition: ConnectorDefinition,
  config: Record<string, unknown>,
  secrets: Record<string, string>,
): Promise<void> {
  let connector: Connector;
  try {
    connector = definition.create(config, secrets);
  } catch (error) {
    const failure = asConnectorError(error);
    const field = /connection: ([A-Za-z0-9_]+)[.:]/.exec(failure.message)?.[1];
    const place =
      field === undefined ? 'config' : definition.secretKeys.includes(field) ? 'secrets' : 'config';
    throw invalid([
      { path: field === undefined ? '/body/config' : `/body/${place}/${field}`, message: failure.message },
    ]);
  }
  await (connector as Connector & { close?: () => Promise<void> }).close?.().catch(() => undefined);
}

function asConnectorError(error: unknown): { code: ErrorCode; message: string; retryable: boolean } {
  if (error instanceof ConnectorError) return error;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { code: 'TIMEOUT', message: 'The system did not answer in time', retryable: true };
  }
  return {
    code: 'INTERNAL',
    message: error instanceof Error ? error.message : String(error),
    retryable: false,
  };
}
