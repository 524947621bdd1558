// The editor's state: the draft flow, its undo history, the selection, validation and saving.
// Every edit is a flow-core FlowOperation applied by the same reducer the server uses, so what the
// canvas shows is exactly what a save would store. The canvas, the inspectors and the criteria editor
// all edit through `apply`; none of them mutates the flow directly.
import { create } from 'zustand';
import type { Flow, FlowDetail, FlowNode, FlowOperation } from '@flowsync/contracts';
import { CURRENT_SCHEMA_VERSION } from '@flowsync/contracts';
import { applyOperations, issuesByNode, validateFlow, type FlowIssue } from '@flowsync/flow-core';
import { checkExpressionSyntax } from '@flowsync/expression';
import { api } from '../api/client.ts';
import { ApiError } from '../api/http.ts';

/**
 * What the signed-in user may change here: `edit` everything (admin, integrator), `criteria` only the
 * qualification criteria of qualify nodes (analyst), `readonly` nothing (viewer).
 */
export type EditMode = 'edit' | 'criteria' | 'readonly';

const HISTORY_LIMIT = 200;
/** Edits with the same coalesce key within this window undo as one step (typing in a field). */
const COALESCE_MS = 800;

export interface SaveOutcome {
  ok: boolean;
  /** The version now current (after a save, or the other person's version on a conflict). */
  version?: number;
  conflict?: boolean;
  message?: string;
}

export interface EditorState {
  /** Undefined until a new flow is saved for the first time. */
  flowId: string | undefined;
  /** The saved version this draft started from; a save is refused (409) when it is no longer current. */
  baseVersion: number | undefined;
  enabled: boolean;
  mode: EditMode;
  flow: Flow;
  /** The flow as last loaded or saved; `dirty` compares with it. */
  saved: Flow;
  dirty: boolean;
  past: Flow[];
  future: Flow[];
  selectedNodeIds: string[];
  selectedEdgeIds: string[];
  /** flow-core validation of the draft, recomputed on every edit. */
  issues: FlowIssue[];
  nodeIssues: Map<string, FlowIssue[]>;
  saving: boolean;
  /** Set when someone else saved a newer version: their version, author and time. */
  conflict: { version: number; author: string; at: string } | undefined;

  /** Starts editing a saved flow (detail) or a new, empty one. */
  load(detail: FlowDetail | undefined, mode: EditMode): void;
  /**
   * Applies edits as one undo step. Returns false (and changes nothing) when the reducer refuses
   * them or the mode does not allow them. `coalesceKey` merges rapid edits of one field into one step.
   */
  apply(operations: FlowOperation[], options?: { coalesceKey?: string }): boolean;
  undo(): void;
  redo(): void;
  select(nodeIds: string[], edgeIds?: string[]): void;
  /** Saves the draft as a new version (creating the flow the first time). */
  save(message?: string): Promise<SaveOutcome>;
  /** Someone else saved: note it (shown as a banner) without touching the draft. */
  noteRemoteVersion(version: number, author: string, at: string): void;
  /** Drops the draft and loads the current version (after a conflict, or to discard changes). */
  reloadLatest(): Promise<void>;
  /**
   * Keeps this draft over the conflicting version: the draft's base becomes their version, so the next
   * save is accepted as a newer version (theirs stays in the history).
   */
  rebaseOnConflict(): void;
  /** Mirrors the flow's on/off state after switching it (here or elsewhere). */
  setEnabled(enabled: boolean): void;
}

export function emptyFlow(): Flow {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    id: '',
    name: 'Untitled flow',
    nodes: [],
    edges: [],
    settings: {
      retry: { attempts: 4, backoff: 'exponential', baseDelayMs: 500, maxDelayMs: 60_000 },
      batchSize: 200,
      concurrency: 4,
      errorPolicy: { mode: 'continue' },
      overlap: 'skip',
    },
  };
}

/** `NetSuite Contacts → Salesforce` → `netsuite-contacts-salesforce` (the id rule of flow ids). */
export function flowIdFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'flow';
}

function validate(flow: Flow): { issues: FlowIssue[]; nodeIssues: Map<string, FlowIssue[]> } {
  // A new flow gets its id from its name at the first save (see save): validate it as it will be saved.
  const asSaved = flow.id ? flow : { ...flow, id: flowIdFromName(flow.name) };
  const result = validateFlow(asSaved, { checkExpression: checkExpressionSyntax });
  const issues = result.ok ? [] : result.issues;
  return { issues, nodeIssues: issuesByNode(issues) };
}

/** Which operations an analyst may make: the expression and description of a qualify node. */
export function allowedInMode(mode: EditMode, flow: Flow, operations: readonly FlowOperation[]): boolean {
  if (mode === 'edit') return true;
  if (mode === 'readonly') return false;
  return operations.every((op) => {
    if (op.type !== 'updateConfig') return false;
    const node = flow.nodes.find((n) => n.id === op.nodeId);
    return node?.type === 'qualify';
  });
}

let lastEdit: { key: string; at: number } | undefined;

export const useEditor = create<EditorState>()((set, get) => ({
  flowId: undefined,
  baseVersion: undefined,
  enabled: false,
  mode: 'readonly',
  flow: emptyFlow(),
  saved: emptyFlow(),
  dirty: false,
  past: [],
  future: [],
  selectedNodeIds: [],
  selectedEdgeIds: [],
  issues: [],
  nodeIssues: new Map(),
  saving: false,
  conflict: undefined,

  load(detail, mode) {
    const flow = detail?.flow ?? emptyFlow();
    lastEdit = undefined;
    set({
      flowId: detail?.flowId,
      baseVersion: detail?.version,
      enabled: detail?.enabled ?? false,
      mode,
      flow,
      saved: flow,
      dirty: false,
      past: [],
      future: [],
      selectedNodeIds: [],
      selectedEdgeIds: [],
      conflict: undefined,
      saving: false,
      ...validate(flow),
    });
  },

  apply(operations, options) {
    const state = get();
    if (operations.length === 0) return true;
    if (!allowedInMode(state.mode, state.flow, operations)) return false;
    let next: Flow;
    try {
      next = applyOperations(state.flow, operations);
    } catch {
      return false;
    }
    const now = Date.now();
    const coalesce =
      options?.coalesceKey !== undefined &&
      lastEdit?.key === options.coalesceKey &&
      now - lastEdit.at < COALESCE_MS &&
      state.past.length > 0;
    lastEdit = options?.coalesceKey !== undefined ? { key: options.coalesceKey, at: now } : undefined;
    const past = coalesce ? state.past : [...state.past, state.flow].slice(-HISTORY_LIMIT);
    const deleted = new Set(operations.flatMap((op) => (op.type === 'deleteNode' ? [op.nodeId] : [])));
    set({
      flow: next,
      past,
      future: [],
      dirty: next !== state.saved,
      selectedNodeIds: state.selectedNodeIds.filter((id) => !deleted.has(id)),
      selectedEdgeIds: state.selectedEdgeIds.filter((id) => next.edges.some((e) => e.id === id)),
      ...validate(next),
    });
    return true;
  },

  undo() {
    const { past, flow, future, saved } = get();
    const previous = past.at(-1);
    if (previous === undefined) return;
    lastEdit = undefined;
    set({
      flow: previous,
      past: past.slice(0, -1),
      future: [flow, ...future],
      dirty: previous !== saved,
      ...validate(previous),
    });
  },

  redo() {
    const { past, flow, future, saved } = get();
    const next = future[0];
    if (next === undefined) return;
    lastEdit = undefined;
    set({
      flow: next,
      past: [...past, flow],
      future: future.slice(1),
      dirty: next !== saved,
      ...validate(next),
    });
  },

  select(nodeIds, edgeIds = []) {
    set({ selectedNodeIds: nodeIds, selectedEdgeIds: edgeIds });
  },

  async save(message) {
    const state = get();
    if (state.saving) return { ok: false, message: 'A save is already in progress' };
    set({ saving: true });
    try {
      let flow = state.flow;
      const creating = state.flowId === undefined;
      if (creating && !flow.id) flow = { ...flow, id: flowIdFromName(flow.name) };
      const saved = creating
        ? await api.flows.create(flow, message)
        : await api.flows.save(state.flowId as string, flow, state.baseVersion as number, message);
      // Keep edits made while the save was in flight: they stay dirty against the new base.
      const current = get().flow;
      const draft = current === state.flow ? saved.flow : current;
      set({
        flowId: saved.flowId,
        baseVersion: saved.version,
        saved: saved.flow,
        flow: draft,
        dirty: draft !== saved.flow,
        saving: false,
        conflict: undefined,
        ...validate(draft),
      });
      return { ok: true, version: saved.version };
    } catch (error) {
      set({ saving: false });
      if (error instanceof ApiError && error.code === 'CONFLICT' && state.flowId !== undefined) {
        const latest = await api.flows.get(state.flowId).catch(() => undefined);
        if (latest) {
          set({ conflict: { version: latest.version, author: latest.author, at: latest.createdAt } });
          return { ok: false, conflict: true, version: latest.version, message: error.message };
        }
      }
      throw error;
    }
  },

  noteRemoteVersion(version, author, at) {
    // While our own save is in flight its change notice may arrive before the response: the save
    // itself tells (success, or 409 with the other version).
    const { baseVersion, saving } = get();
    if (!saving && baseVersion !== undefined && version > baseVersion)
      set({ conflict: { version, author, at } });
  },

  async reloadLatest() {
    const { flowId, mode } = get();
    if (flowId === undefined) return;
    const detail = await api.flows.get(flowId);
    get().load(detail, mode);
  },

  rebaseOnConflict() {
    const { conflict } = get();
    if (conflict !== undefined) set({ baseVersion: conflict.version, conflict: undefined });
  },

  setEnabled(enabled) {
    set({ enabled });
  },
}));

/** The selected node when exactly one is selected. */
export function useSelectedNode(): FlowNode | undefined {
  return useEditor((s) =>
    s.selectedNodeIds.length === 1 ? s.flow.nodes.find((n) => n.id === s.selectedNodeIds[0]) : undefined,
  );
}
