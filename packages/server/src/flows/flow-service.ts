import type {
  Flow,
  FlowChange as FlowChangeDto,
  FlowDetail,
  FlowDiff,
  FlowOperation,
  FlowState as FlowStateDto,
  FlowSummary,
  FlowTriggerKind,
  FlowVersionDetail,
  FlowVersionSummary,
  SavedFlow,
  ValidateFlowResponse,
} from '@flowsync/contracts';
import { Flow as FlowSchema } from '@flowsync/contracts';
import { compileFlow } from '@flowsync/engine';
import type { FlowIssue } from '@flowsync/flow-core';
import { scheduleIssues } from './schedule-check.ts';
import { checkExpressionSyntax } from '@flowsync/expression';
import {
  applyOperations,
  connectionRefsOf,
  diffFlows,
  FlowOperationError,
  migrateFlow,
  validateFlow,
  type FlowChange,
} from '@flowsync/flow-core';
import { Value } from '@sinclair/typebox/value';
import { VersionConflictError, type FlowVersion, type Store } from '@flowsync/store';
import { AppError, forbidden, notFound } from '../app-error.ts';
import type { Principal } from '../auth/principal.ts';
import type { EventHub } from '../events/event-hub.ts';
import { analystEditRefusals, analystIssuesOutsideCriteria } from './analyst-edit-rule.ts';
import { asOperations, operationInputIssues } from './operation-input.ts';

/** Who is acting; analysts are held to the criteria-only rule. */
export type Actor = Pick<Principal, 'email' | 'role'>;

export interface FlowServiceLogger {
  error(object: object, message?: string): void;
}

export interface FlowServiceDeps {
  store: Store;
  hub: EventHub;
  onFlowChanged(flowId: string): Promise<void>;
}

/** Most diff summaries kept in one audit entry; the versions themselves keep everything. */
const AUDITED_CHANGES = 100;

/**
 * Flow use cases behind the REST routes: listing, versioned saves with optimistic concurrency (whole
 * documents or edit operations), the analyst rule, restore, switch on/off, import/export, delete.
 * Every change is audited, published as `flow.changed` and handed to `onFlowChanged`.
 *
 * @example
 * ```ts
 * const flows = new FlowService(app.services);
 * const saved = await flows.save('contacts', edited, 3, { email: 'ana@x', role: 'analyst' }, log);
 * ```
 */
export class FlowService {
  private readonly deps: FlowServiceDeps;

  constructor(deps: FlowServiceDeps) {
    this.deps = deps;
  }

  private get store(): Store {
    return this.deps.store;
  }

  private get hub(): EventHub {
    return this.deps.hub;
  }

  private onFlowChanged(flowId: string): Promise<void> {
    return this.deps.onFlowChanged(flowId);
  }

  async list(): Promise<FlowSummary[]> {
    const states = await this.store.flows.list();
    return Promise.all(
      states.map(async (state): Promise<FlowSummary> => {
        const [current, [lastRun], openErrors] = await Promise.all([
          this.store.flows.get(state.flowId),
          this.store.runs.list({ flowId: state.flowId, limit: 1 }),
          this.store.errors.count({ flowId: state.flowId, status: 'open' }),
        ]);
        const flow = current?.flow;
        return {
          id: state.flowId,
          name: flow?.name ?? state.name,
          ...(flow?.description === undefined ? {} : { description: flow.description }),
          enabled: state.enabled,
          currentVersion: state.currentVersion,
          updatedAt: state.updatedAt,
          updatedBy: state.updatedBy,
          triggerKinds: flow ? triggerKinds(flow) : ['manual'],
          ...(lastRun
            ? {
                lastRun: {
                  id: lastRun.id,
                  status: lastRun.status,
                  queuedAt: lastRun.queuedAt,
                  ...(lastRun.finishedAt === undefined ? {} : { finishedAt: lastRun.finishedAt }),
                  totals: lastRun.totals,
                },
              }
            : {}),
          openErrors,
        };
      }),
    );
  }

  async get(flowId: string): Promise<FlowDetail> {
    const [current, state] = await Promise.all([
      this.store.flows.get(flowId),
      this.store.flows.state(flowId),
    ]);
    if (!current || !state) throw notFound(`Flow "${flowId}"`);
    return {
      flowId,
      version: current.version,
      enabled: state.enabled,
      updatedAt: state.updatedAt,
      updatedBy: state.updatedBy,
      author: current.author,
      ...(current.message === undefined ? {} : { message: current.message }),
      createdAt: current.createdAt,
      flow: current.flow,
    };
  }

  async versions(flowId: string): Promise<FlowVersionSummary[]> {
    await this.requireState(flowId);
    const versions = await this.store.flows.versions(flowId);
    return versions.map((v) => ({
      version: v.version,
      author: v.author,
      ...(v.message === undefined ? {} : { message: v.message }),
      createdAt: v.createdAt,
    }));
  }

  async version(flowId: string, version: number): Promise<FlowVersionDetail> {
    const found = await this.requireVersion(flowId, version);
    return versionDetail(found);
  }

  /** Changes from `from` (default: the version before `to`) to `to` (default: the current one). */
  async diff(flowId: string, from?: number, to?: number): Promise<FlowDiff> {
    const state = await this.requireState(flowId);
    const toVersion = to ?? state.currentVersion;
    const fromVersion = from ?? Math.max(1, toVersion - 1);
    const [before, after] = await Promise.all([
      this.requireVersion(flowId, fromVersion, '/querystring/from'),
      this.requireVersion(flowId, toVersion, '/querystring/to'),
    ]);
    return {
      flowId,
      from: fromVersion,
      to: toVersion,
      author: after.author,
      createdAt: after.createdAt,
      ...(after.message === undefined ? {} : { message: after.message }),
      changes: diffFlows(before.flow, after.flow).map(changeDto),
    };
  }

  /** Validates without saving; unknown connection names are reported. */
  async validate(doc: unknown): Promise<ValidateFlowResponse> {
    const result = validateFlow(doc, {
      connections: await this.connectionNames(),
      checkExpression: checkExpressionSyntax,
    });
    const schedule = result.ok
      ? scheduleIssues(result.flow).map((i): FlowIssue => ({ ...i, code: 'schema' }))
      : [];
    return {
      ok: result.ok && schedule.length === 0,
      issues: [...schedule, ...result.issues].map((issue) => ({
        code: issue.code,
        message: issue.message,
        path: issue.path,
        ...(issue.nodeId === undefined ? {} : { nodeId: issue.nodeId }),
        ...(issue.edgeId === undefined ? {} : { edgeId: issue.edgeId }),
        ...(issue.position === undefined ? {} : { position: issue.position }),
      })),
    };
  }

  /** Creates a flow; 409 when the id is taken. */
  async create(doc: unknown, actor: Actor, log: FlowServiceLogger, message?: string): Promise<SavedFlow> {
    const flow = await this.compile(doc);
    if (await this.store.flows.state(flow.id)) {
      throw new AppError('CONFLICT', `A flow with id "${flow.id}" already exists`, [
        { path: '/body/flow/id', message: `"${flow.id}" is taken; import the file to add a version instead` },
      ]);
    }
    return this.write(null, flow, actor, log, { action: 'flow.created', expectedVersion: 0, message });
  }

  /** Saves an edited document as a new version; `expectedVersion` must be the current version. */
  async save(
    flowId: string,
    doc: unknown,
    expectedVersion: number,
    actor: Actor,
    log: FlowServiceLogger,
    message?: string,
  ): Promise<SavedFlow> {
    checkBodyId(doc, flowId, '/flow/id');
    const current = await this.requireCurrent(flowId, expectedVersion);
    const flow = await this.checkEdit(current, doc, actor);
    return this.write(current, flow, actor, log, { action: 'flow.saved', expectedVersion, message });
  }

  /** Applies edit operations with the same reducer as the editor, then saves like {@link save}. */
  async applyOperations(
    flowId: string,
    operations: readonly unknown[],
    expectedVersion: number,
    actor: Actor,
    log: FlowServiceLogger,
    message?: string,
  ): Promise<SavedFlow> {
    const inputIssues = operationInputIssues(operations);
    if (inputIssues.length > 0) {
      throw new AppError('VALIDATION_FAILED', inputIssues.map((i) => i.message).join('; '), inputIssues);
    }
    const current = await this.requireCurrent(flowId, expectedVersion);
    const edited = applyChecked(current.flow, asOperations(operations));
    const flow = await this.checkEdit(current, edited, actor);
    return this.write(current, flow, actor, log, { action: 'flow.saved', expectedVersion, message });
  }

  /** Saves an old version's document as a new version. Analysts may restore criteria changes only. */
  async restore(
    flowId: string,
    version: number,
    expectedVersion: number,
    actor: Actor,
    log: FlowServiceLogger,
    message?: string,
  ): Promise<SavedFlow> {
    const old = await this.requireVersion(flowId, version);
    const current = await this.requireCurrent(flowId, expectedVersion);
    const flow = await this.checkEdit(current, old.flow, actor);
    return this.write(current, flow, actor, log, {
      action: 'flow.restored',
      expectedVersion,
      message: message ?? `Restored version ${version}`,
      restoredFrom: version,
    });
  }

  /**
   * A `.flow.json` file: a new flow, or a new version of the existing one (refused when
   * `expectedVersion` is given and stale). An unchanged file writes nothing.
   */
  async import(
    doc: unknown,
    actor: Actor,
    log: FlowServiceLogger,
    options: { expectedVersion?: number; message?: string } = {},
  ): Promise<SavedFlow> {
    const flow = await this.compile(doc);
    const state = await this.store.flows.state(flow.id);
    const message = options.message ?? 'Imported from a .flow.json file';
    if (!state) {
      return this.write(null, flow, actor, log, { action: 'flow.imported', expectedVersion: 0, message });
    }
    const expectedVersion = options.expectedVersion ?? state.currentVersion;
    const current = await this.requireCurrent(flow.id, expectedVersion, '/querystring/expectedVersion');
    return this.write(current, flow, actor, log, { action: 'flow.imported', expectedVersion, message });
  }

  /** The document of a version (default current), as a file would hold it. */
  async export(flowId: string, version?: number): Promise<Flow> {
    if (version !== undefined)
      return (await this.requireVersion(flowId, version, '/querystring/version')).flow;
    const current = await this.store.flows.get(flowId);
    if (!current) throw notFound(`Flow "${flowId}"`);
    return current.flow;
  }

  /** Switches a flow on or off (admins only, checked by the route). Enabling needs its connections. */
  async setEnabled(
    flowId: string,
    enabled: boolean,
    actor: Actor,
    log: FlowServiceLogger,
  ): Promise<FlowStateDto> {
    const state = await this.requireState(flowId);
    if (state.enabled === enabled) return stateDto(state);
    if (enabled) {
      const current = await this.store.flows.get(flowId);
      if (!current) throw notFound(`Flow "${flowId}"`);
      const known = await this.connectionNames();
      const missing = current.flow.nodes.flatMap((node, index) =>
        connectionRefsOf(node)
          .filter((ref) => !known.has(ref.name))
          .map((ref) => ({
            path: `/nodes/${index}${ref.path}`,
            message: `connection "${ref.name}" does not exist`,
            nodeId: node.id,
          })),
      );
      if (missing.length > 0) {
        const names = [
          ...new Set(current.flow.nodes.flatMap((node) => connectionRefsOf(node).map((ref) => ref.name))),
        ].filter((name) => !known.has(name));
        throw new AppError(
          'CONNECTION_NOT_FOUND',
          `Cannot enable "${flowId}": it uses connection${names.length === 1 ? '' : 's'} ${names.map((n) => `"${n}"`).join(', ')} that do${names.length === 1 ? 'es' : ''} not exist`,
          missing,
        );
      }
    }
    const next = await this.store.flows.setEnabled(flowId, enabled, actor.email);
    try {
      await this.onFlowChanged(flowId);
    } catch (error) {
      if (!enabled) {
        log.error({ err: error, flowId }, 'the scheduler failed to stop a disabled flow');
      } else {
        // Enabled but not scheduled would be a lie on the dashboard: switch it back off.
        await this.store.flows.setEnabled(flowId, false, actor.email);
        await this.onFlowChanged(flowId).catch(() => undefined);
        throw new AppError(
          'FLOW_INVALID',
          `Cannot enable "${flowId}": ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    await this.store.audit.append({
      actor: actor.email,
      action: enabled ? 'flow.enabled' : 'flow.disabled',
      subject: `flow:${flowId}`,
      detail: { version: next.currentVersion },
    });
    this.publish({ flowId, enabled, version: next.currentVersion, by: actor.email });
    return stateDto(next);
  }

  /** Deletes a disabled flow with all its versions. */
  async delete(flowId: string, actor: Actor, log: FlowServiceLogger): Promise<void> {
    const state = await this.requireState(flowId);
    if (state.enabled) {
      throw new AppError(
        'CONFLICT',
        `"${flowId}" is enabled: an admin must switch it off before it can be deleted`,
      );
    }
    await this.store.flows.delete(flowId);
    await this.store.audit.append({
      actor: actor.email,
      action: 'flow.deleted',
      subject: `flow:${flowId}`,
      detail: { version: state.currentVersion },
    });
    this.publish({ flowId, deleted: true, by: actor.email });
    await this.notify(flowId, log);
  }

  // -------------------------------------------------------------------------------------------

  /** Validates and compiles a document against the connections that exist; 422 with per-node issues. */
  private async compile(doc: unknown): Promise<Flow> {
    const flow = compileFlow(doc, { connections: await this.connectionNames() }).flow;
    const issues = scheduleIssues(flow);
    if (issues.length > 0) {
      throw new AppError(
        'FLOW_INVALID',
        `The flow does not validate: ${issues.map((i) => i.message).join('; ')}`,
        issues,
      );
    }
    return flow;
  }

  /** The analyst rule, then full validation. */
  private async checkEdit(current: FlowVersion, doc: unknown, actor: Actor): Promise<Flow> {
    if (actor.role === 'analyst') {
      const checked = validateFlow(doc, { checkExpression: checkExpressionSyntax });
      // A document of the right shape is judged by what changed, even when the change breaks the
      // graph (a removed edge leaves a node unreachable: the edge is what the analyst touched).
      const edited = checked.ok ? checked.flow : wellFormedFlow(doc);
      const refused = edited
        ? analystEditRefusals(current.flow, edited)
        : analystIssuesOutsideCriteria(current.flow, checked.issues);
      if (refused.length > 0) {
        throw forbidden(
          `Analysts may change qualification criteria only; refused: ${refused.map((r) => r.path).join(', ')}`,
          refused,
        );
      }
    }
    return this.compile(doc);
  }

  private async write(
    current: FlowVersion | null,
    flow: Flow,
    actor: Actor,
    log: FlowServiceLogger,
    meta: { action: string; expectedVersion: number; message?: string | undefined; restoredFrom?: number },
  ): Promise<SavedFlow> {
    const changes = current ? diffFlows(current.flow, flow) : [];
    if (current && changes.length === 0 && sameDocument(current.flow, flow)) {
      return {
        flowId: flow.id,
        version: current.version,
        changed: false,
        created: false,
        changes: [],
        flow: current.flow,
      };
    }
    let saved: FlowVersion;
    try {
      saved = await this.store.flows.save(flow, {
        author: actor.email,
        expectedVersion: meta.expectedVersion,
        ...(meta.message === undefined ? {} : { message: meta.message }),
      });
    } catch (error) {
      // Someone saved between our read and our write.
      if (error instanceof VersionConflictError) {
        throw await this.conflict(flow.id, meta.expectedVersion, error.currentVersion);
      }
      throw error;
    }
    const summaries = changes.map((c) => c.summary);
    const detail: Record<string, unknown> = {
      version: saved.version,
      ...(current ? { previousVersion: current.version } : {}),
      ...(meta.message === undefined ? {} : { message: meta.message }),
      ...(meta.restoredFrom === undefined ? {} : { restoredFrom: meta.restoredFrom }),
      changes: summaries.slice(0, AUDITED_CHANGES),
      ...(summaries.length > AUDITED_CHANGES ? { moreChanges: summaries.length - AUDITED_CHANGES } : {}),
    };
    if (actor.role === 'analyst') {
      detail['role'] = 'analyst';
      detail['summary'] = `qualification criteria changed by ${actor.email}: ${summaries.join('; ')}`;
    }
    await this.store.audit.append({
      actor: actor.email,
      action: meta.action,
      subject: `flow:${flow.id}`,
      detail,
    });
    const state = await this.store.flows.state(flow.id);
    this.publish({
      flowId: flow.id,
      version: saved.version,
      ...(state ? { enabled: state.enabled } : {}),
      by: actor.email,
    });
    await this.notify(flow.id, log);
    return {
      flowId: flow.id,
      version: saved.version,
      changed: true,
      created: current === null,
      changes: changes.map(changeDto),
      flow: saved.flow,
    };
  }

  private publish(event: {
    flowId: string;
    enabled?: boolean;
    version?: number;
    deleted?: boolean;
    by: string;
  }) {
    this.hub.publish({ type: 'flow.changed', at: new Date().toISOString(), ...event });
  }

  /** The save is done; a scheduler failure is logged rather than reported as a failed save. */
  private async notify(flowId: string, log: FlowServiceLogger): Promise<void> {
    try {
      await this.onFlowChanged(flowId);
    } catch (error) {
      log.error({ err: error, flowId }, 'the scheduler failed to take a flow change into account');
    }
  }

  private async requireState(flowId: string) {
    const state = await this.store.flows.state(flowId);
    if (!state) throw notFound(`Flow "${flowId}"`);
    return state;
  }

  private async requireVersion(
    flowId: string,
    version: number,
    path = '/params/version',
  ): Promise<FlowVersion> {
    const found = await this.store.flows.get(flowId, version);
    if (found) return found;
    const state = await this.requireState(flowId);
    throw new AppError('NOT_FOUND', `Flow "${flowId}" has no version ${version}`, [
      { path, message: `versions are 1 to ${state.currentVersion}` },
    ]);
  }

  /** The current version, or 409 naming who changed the flow since `expectedVersion`. */
  private async requireCurrent(
    flowId: string,
    expectedVersion: number,
    path = '/body/expectedVersion',
  ): Promise<FlowVersion> {
    const current = await this.store.flows.get(flowId);
    if (!current) throw notFound(`Flow "${flowId}"`);
    if (current.version !== expectedVersion) {
      throw await this.conflict(flowId, expectedVersion, current.version, path);
    }
    return current;
  }

  private async conflict(
    flowId: string,
    expectedVersion: number,
    currentVersion: number,
    path = '/body/expectedVersion',
  ): Promise<AppError> {
    const current = await this.store.flows.get(flowId);
    const who = current ? ` by ${current.author} at ${current.createdAt}` : '';
    return new AppError(
      'CONFLICT',
      `The flow was changed${who}: it is at version ${currentVersion}, your edit started from version ${expectedVersion}. Reload it and apply your change again.`,
      [
        {
          path,
          message: `current version is ${currentVersion}${current ? ` (saved by ${current.author})` : ''}`,
        },
      ],
    );
  }

  private async connectionNames(): Promise<Set<string>> {
    return new Set((await this.store.connections.list()).map((c) => c.name));
  }
}

/** How a flow can start: always by hand; on a schedule and in real time when its trigger says so. */
export function triggerKinds(flow: Flow): FlowTriggerKind[] {
  const trigger = flow.nodes.find((node) => node.type === 'trigger');
  const kinds: FlowTriggerKind[] = [];
  if (trigger?.type === 'trigger') {
    if (trigger.config.schedule) kinds.push('schedule');
    if (trigger.config.realtime) kinds.push('realtime');
  }
  kinds.push('manual');
  return kinds;
}

function applyChecked(flow: Flow, operations: readonly FlowOperation[]): Flow {
  try {
    return applyOperations(flow, operations);
  } catch (error) {
    if (!(error instanceof FlowOperationError)) throw error;
    const path = `/body/operations/${error.operationIndex ?? 0}${error.path}`;
    // An operation naming a missing node is a bad request, not a missing flow (404).
    throw new AppError(error.code === 'CONFLICT' ? 'CONFLICT' : 'VALIDATION_FAILED', error.message, [
      { path, message: error.message },
    ]);
  }
}

/** The document as a Flow when it has the schema's shape (whatever its graph problems), else null. */
function wellFormedFlow(doc: unknown): Flow | null {
  try {
    const candidate = Value.Default(FlowSchema, migrateFlow(doc).doc);
    return Value.Check(FlowSchema, candidate) ? candidate : null;
  } catch {
    return null;
  }
}

function checkBodyId(doc: unknown, flowId: string, path: string): void {
  const id = (doc as { id?: unknown } | null)?.id;
  if (typeof doc === 'object' && doc !== null && id !== flowId) {
    throw new AppError('VALIDATION_FAILED', `flow.id must be "${flowId}", the flow in the URL`, [
      { path: `/body${path}`, message: `must be "${flowId}"; a flow's id cannot change` },
    ]);
  }
}

function sameDocument(a: Flow, b: Flow): boolean {
  return Value.Equal(a, b);
}

function changeDto(change: FlowChange): FlowChangeDto {
  return {
    kind: change.kind,
    summary: change.summary,
    ...(change.nodeId === undefined ? {} : { nodeId: change.nodeId }),
    ...(change.path === undefined ? {} : { path: change.path }),
    ...(change.before === undefined ? {} : { before: change.before }),
    ...(change.after === undefined ? {} : { after: change.after }),
    ...(change.cosmetic ? { cosmetic: true } : {}),
  };
}

function versionDetail(found: FlowVersion): FlowVersionDetail {
  return {
    flowId: found.flowId,
    version: found.version,
    author: found.author,
    ...(found.message === undefined ? {} : { message: found.message }),
    createdAt: found.createdAt,
    flow: found.flow,
  };
}

function stateDto(state: {
  flowId: string;
  enabled: boolean;
  currentVersion: number;
  updatedAt: string;
  updatedBy: string;
}): FlowStateDto {
  return {
    flowId: state.flowId,
    enabled: state.enabled,
    currentVersion: state.currentVersion,
    updatedAt: state.updatedAt,
    updatedBy: state.updatedBy,
  };
}
