// The flow editor (/flows/:id and /flows/new): loads the flow into the editor store in the mode the
// signed-in role allows, then lays out the top bar, the palette, the canvas and the side panel.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { ReactFlowProvider } from '@xyflow/react';
import { api } from '../api/client.ts';
import { ApiError, describeError } from '../api/http.ts';
import { useLiveRuns } from '../state/live-runs.ts';
import { usePermissions, type Permissions } from '../state/session.ts';
import { ErrorState, LoadingState } from '../ui/components.tsx';
import { toast } from '../ui/toast.tsx';
import { useEditor, useSelectedNode, type EditMode } from './editor-store.ts';
import { ConflictBanner } from './canvas/ConflictBanner.tsx';
import { EditorSidePanel, type SidePanelTab } from './canvas/EditorSidePanel.tsx';
import { EditorTopBar } from './canvas/EditorTopBar.tsx';
import { FlowCanvas } from './canvas/FlowCanvas.tsx';
import { NodePalette } from './canvas/NodePalette.tsx';
import { ShortcutsDialog } from './canvas/ShortcutsDialog.tsx';
import { useCanvasCommands } from './canvas/use-canvas-commands.ts';
import { useEditorShortcuts } from './canvas/use-editor-shortcuts.ts';
import { useSaveFlow } from './canvas/use-flow-actions.ts';
import { useLeaveGuard } from './canvas/use-leave-guard.ts';
import { useFlowRuns } from './run/use-flow-runs.ts';
import './editor.css';

function modeOf(permissions: Permissions): EditMode {
  if (permissions.editFlows) return 'edit';
  if (permissions.editCriteria) return 'criteria';
  return 'readonly';
}

type LoadState = { status: 'loading' } | { status: 'ready' } | { status: 'error'; error: unknown };

export function FlowEditorPage({ flowId }: { flowId: string | undefined }) {
  const permissions = usePermissions();
  const mode = modeOf(permissions);
  const [load, setLoad] = useState<LoadState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  /** Which flow the store holds for this page: 'new' until a new flow's first save. */
  const heldFlow = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (flowId === undefined) {
      heldFlow.current = 'new';
      useEditor.getState().load(undefined, mode);
      setLoad({ status: 'ready' });
      return;
    }
    // The new flow was just saved and the address now names it: keep the draft and its undo history.
    if (heldFlow.current === 'new' && useEditor.getState().flowId === flowId) {
      heldFlow.current = flowId;
      return;
    }
    const controller = new AbortController();
    setLoad({ status: 'loading' });
    api.flows.get(flowId).then(
      (detail) => {
        if (controller.signal.aborted) return;
        heldFlow.current = flowId;
        useEditor.getState().load(detail, mode);
        setLoad({ status: 'ready' });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setLoad({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [flowId, mode, attempt]);

  if (flowId === undefined && mode !== 'edit') {
    return (
      <div className="page">
        <ErrorState
          title="You cannot create flows"
          message="Admins and integrators create flows. Ask one of them, or open an existing flow."
        />
      </div>
    );
  }
  if (load.status === 'loading') {
    return (
      <div className="editor editor--state">
        <LoadingState label="Loading the flow…" />
      </div>
    );
  }
  if (load.status === 'error') {
    const missing = load.error instanceof ApiError && load.error.status === 404;
    return (
      <div className="editor editor--state">
        <ErrorState
          title={missing ? 'Flow not found' : 'The flow could not be loaded'}
          message={
            missing
              ? `There is no flow “${flowId ?? ''}”. It may have been deleted.`
              : describeError(load.error)
          }
          {...(missing ? {} : { onRetry: () => setAttempt((n) => n + 1) })}
        />
        {missing && (
          <Link href="/flows" className="btn">
            Back to flows
          </Link>
        )}
      </div>
    );
  }
  return (
    <ReactFlowProvider>
      <EditorWorkspace permissions={permissions} />
    </ReactFlowProvider>
  );
}

/** After a restore in the history panel: the restored version is the new current one. */
function reloadAfterRestore() {
  useEditor
    .getState()
    .reloadLatest()
    .catch((error: unknown) => toast.error('Could not load the restored version', describeError(error)));
}

function EditorWorkspace({ permissions }: { permissions: Permissions }) {
  const flowId = useEditor((s) => s.flowId);
  const mode = useEditor((s) => s.mode);
  const commands = useCanvasCommands();
  const save = useSaveFlow();
  const [tab, setTab] = useState<SidePanelTab>('inspector');
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const selectedNode = useSelectedNode();

  useFlowRuns(flowId);
  useLeaveGuard();
  useRemoteChanges(flowId);

  // Selecting one node opens its inspector.
  const selectedId = selectedNode?.id;
  useEffect(() => {
    if (selectedId !== undefined) setTab('inspector');
  }, [selectedId]);

  const onSave = useCallback(() => void save(), [save]);
  const onHelp = useCallback(() => setShortcutsOpen(true), []);
  const showRun = useCallback(() => setTab('run'), []);
  useEditorShortcuts({ commands, onSave, onHelp });

  return (
    <div className={`editor editor--${mode}`}>
      <EditorTopBar
        permissions={permissions}
        commands={commands}
        historyOpen={tab === 'history'}
        onToggleHistory={() => setTab((current) => (current === 'history' ? 'inspector' : 'history'))}
        onRunStarted={showRun}
        onSave={save}
      />
      <ConflictBanner onSave={save} />
      <div className="editor__body">
        {mode === 'edit' && <NodePalette />}
        <FlowCanvas onShowShortcuts={onHelp} />
        <EditorSidePanel tab={tab} onTab={setTab} onRestored={reloadAfterRestore} />
      </div>
      {shortcutsOpen && <ShortcutsDialog onClose={() => setShortcutsOpen(false)} />}
    </div>
  );
}

/** Follows saves and switches of this flow made elsewhere (another tab, another person). */
function useRemoteChanges(flowId: string | undefined): void {
  const change = useLiveRuns((s) => (flowId ? s.flowChanges[flowId] : undefined));
  useEffect(() => {
    if (change === undefined) return;
    const editor = useEditor.getState();
    if (change.version !== undefined)
      editor.noteRemoteVersion(change.version, change.by ?? 'Someone', change.at);
    if (change.enabled !== undefined) editor.setEnabled(change.enabled);
  }, [change]);
}
