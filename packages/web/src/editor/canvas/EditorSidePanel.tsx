// The right-hand panel: the inspector of the selected node (or the flow's settings), the live run, and
// the version history. Resizable by dragging (or arrow keys on) its left edge; the width is remembered.
import { useCallback, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { Tabs, EmptyState } from '../../ui/components.tsx';
import { useEditor, useSelectedNode } from '../editor-store.ts';
import { VersionHistoryPanel } from '../history/VersionHistoryPanel.tsx';
import { FlowSettingsInspector } from '../inspector/FlowSettingsInspector.tsx';
import { NodeInspector } from '../inspector/NodeInspector.tsx';
import { LiveRunPanel } from '../run/LiveRunPanel.tsx';

export type SidePanelTab = 'inspector' | 'run' | 'history';

const TABS = [
  { value: 'inspector', label: 'Inspector' },
  { value: 'run', label: 'Run' },
  { value: 'history', label: 'History' },
] as const;

const WIDTH_KEY = 'flowsync.editor.panelWidth';
const MIN_WIDTH = 320;
const MAX_WIDTH = 720;
const DEFAULT_WIDTH = 380;

function clampWidth(width: number): number {
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.round(width)));
}

function storedWidth(): number {
  const stored = Number(localStorage.getItem(WIDTH_KEY));
  return Number.isFinite(stored) && stored > 0 ? clampWidth(stored) : DEFAULT_WIDTH;
}

export function EditorSidePanel({
  tab,
  onTab,
  onRestored,
}: {
  tab: SidePanelTab;
  onTab: (tab: SidePanelTab) => void;
  onRestored: () => void;
}) {
  const flowId = useEditor((s) => s.flowId);
  const version = useEditor((s) => s.baseVersion);
  const node = useSelectedNode();
  const [width, setWidth] = useState(storedWidth);

  const resizeTo = useCallback((next: number) => {
    const clamped = clampWidth(next);
    setWidth(clamped);
    localStorage.setItem(WIDTH_KEY, String(clamped));
  }, []);
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const startX = event.clientX;
    const startWidth = width;
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    const onMove = (move: globalThis.PointerEvent) => resizeTo(startWidth + (startX - move.clientX));
    const onUp = () => {
      handle.removeEventListener('pointermove', onMove);
      handle.removeEventListener('pointerup', onUp);
    };
    handle.addEventListener('pointermove', onMove);
    handle.addEventListener('pointerup', onUp);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'ArrowLeft') resizeTo(width + 24);
    else if (event.key === 'ArrowRight') resizeTo(width - 24);
    else return;
    event.preventDefault();
  };

  return (
    <section className="editor-side" aria-label="Inspector" style={{ width }}>
      <div
        className="editor-side__resize"
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize the side panel"
        aria-valuemin={MIN_WIDTH}
        aria-valuemax={MAX_WIDTH}
        aria-valuenow={width}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
      />
      <Tabs label="Side panel" tabs={TABS} value={tab} onChange={onTab} />
      <div
        className="editor-side__body"
        role="tabpanel"
        aria-label={TABS.find((t) => t.value === tab)?.label}
      >
        {tab === 'inspector' &&
          (node ? <NodeInspector key={node.id} node={node} /> : <FlowSettingsInspector />)}
        {tab === 'run' && <LiveRunPanel flowId={flowId} />}
        {tab === 'history' &&
          (flowId !== undefined && version !== undefined ? (
            <VersionHistoryPanel flowId={flowId} currentVersion={version} onRestored={onRestored} />
          ) : (
            <EmptyState icon="history" title="No history yet">
              Each save creates a version; they appear here with who changed what.
            </EmptyState>
          ))}
      </div>
    </section>
  );
}
