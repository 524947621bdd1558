// Flow names and node labels for the error inbox and the record timeline: the flow list once, and each
// flow's current document on demand (errors and ledger entries name flows and nodes by id only).
import { useEffect } from 'react';
import { create } from 'zustand';
import type { Flow, FlowSummary } from '@flowsync/contracts';
import { api } from '../../api/client.ts';
import { useLiveRuns } from '../../state/live-runs.ts';

interface FlowCatalogState {
  flows: FlowSummary[] | undefined;
  flowsError: unknown;
  /** flowId → its current document, `null` when it could not be loaded (e.g. deleted). */
  documents: Record<string, Flow | null>;
  loadFlows(): Promise<void>;
  loadDocument(flowId: string): Promise<void>;
  forget(flowId: string): void;
}

const pending = new Set<string>();

export const useFlowCatalog = create<FlowCatalogState>()((set) => ({
  flows: undefined,
  flowsError: undefined,
  documents: {},
  async loadFlows() {
    try {
      const { flows } = await api.flows.list();
      set({ flows, flowsError: undefined });
    } catch (error) {
      set({ flowsError: error });
    }
  },
  async loadDocument(flowId) {
    if (pending.has(flowId)) return;
    pending.add(flowId);
    try {
      const detail = await api.flows.get(flowId);
      set((s) => ({ documents: { ...s.documents, [flowId]: detail.flow } }));
    } catch {
      set((s) => ({ documents: { ...s.documents, [flowId]: null } }));
    } finally {
      pending.delete(flowId);
    }
  },
  forget(flowId) {
    set((s) => {
      const documents = { ...s.documents };
      delete documents[flowId];
      return { documents };
    });
  },
}));

/** The flow list (loaded when first needed, refreshed when a flow is saved, switched or deleted). */
export function useFlowSummaries(): { flows: FlowSummary[] | undefined; error: unknown } {
  const flows = useFlowCatalog((s) => s.flows);
  const error = useFlowCatalog((s) => s.flowsError);
  const flowChanges = useLiveRuns((s) => s.flowChanges);
  useEffect(() => {
    void useFlowCatalog.getState().loadFlows();
  }, [flowChanges]);
  return { flows, error };
}

/**
 * The current documents of these flows (for node labels), loading the missing ones.
 *
 * @example
 * const documents = useFlowDocuments(['netsuite-contacts-to-salesforce']);
 * nodeLabelOf(documents, 'netsuite-contacts-to-salesforce', 'upsert-contact') // → 'Create or update …'
 */
export function useFlowDocuments(flowIds: readonly string[]): Record<string, Flow | null> {
  const documents = useFlowCatalog((s) => s.documents);
  const flowChanges = useLiveRuns((s) => s.flowChanges);
  const wanted = [...new Set(flowIds)].sort().join('\n');
  useEffect(() => {
    const { documents: known, loadDocument } = useFlowCatalog.getState();
    for (const flowId of wanted ? wanted.split('\n') : []) {
      if (!(flowId in known)) void loadDocument(flowId);
    }
  }, [wanted, documents]);
  useEffect(() => {
    // A saved version may rename nodes: drop the stale document so it is loaded again.
    const { documents: known, forget } = useFlowCatalog.getState();
    for (const flowId of Object.keys(flowChanges)) {
      if (flowId in known) forget(flowId);
    }
  }, [flowChanges]);
  return documents;
}

/** The flow's name, or its id while the list loads (or when it was deleted). */
export function flowNameOf(flows: readonly FlowSummary[] | undefined, flowId: string): string {
  return flows?.find((f) => f.id === flowId)?.name ?? flowId;
}

/** A node's label in its flow's current document, or its id. */
export function nodeLabelOf(documents: Record<string, Flow | null>, flowId: string, nodeId: string): string {
  return documents[flowId]?.nodes.find((n) => n.id === nodeId)?.label || nodeId;
}

/** The node itself (its type tells what a retry from it re-runs). */
export function nodeOf(documents: Record<string, Flow | null>, flowId: string, nodeId: string) {
  return documents[flowId]?.nodes.find((n) => n.id === nodeId);
}
