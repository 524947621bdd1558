// The editor's top bar: back to the flows, the flow's name and version, unsaved state, history
// (undo, redo), layout and view, the history panel, run now, the on/off switch and save. Shows only
// what the signed-in role may do.
import { useState } from 'react';
import { Link } from 'wouter';
import { useEditor } from '../editor-store.ts';
import type { Permissions } from '../../state/session.ts';
import { Badge, Button, Dialog, IconButton, Switch, TextField } from '../../ui/components.tsx';
import { Icon } from '../../ui/icons.tsx';
import type { CanvasCommands } from './use-canvas-commands.ts';
import { useRunNow, useSwitchFlow } from './use-flow-actions.ts';

const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+';

export function EditorTopBar({
  permissions,
  commands,
  historyOpen,
  onToggleHistory,
  onRunStarted,
  onSave,
}: {
  permissions: Permissions;
  commands: CanvasCommands;
  historyOpen: boolean;
  onToggleHistory: () => void;
  onRunStarted: () => void;
  onSave: (message?: string) => Promise<void>;
}) {
  const flowId = useEditor((s) => s.flowId);
  const mode = useEditor((s) => s.mode);
  const name = useEditor((s) => s.flow.name);
  const nameProblem = useEditor((s) => s.issues.find((issue) => issue.path === '/name')?.message);
  const version = useEditor((s) => s.baseVersion);
  const dirty = useEditor((s) => s.dirty);
  const saving = useEditor((s) => s.saving);
  const enabled = useEditor((s) => s.enabled);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const { run, starting } = useRunNow(flowId, onRunStarted);
  const { switchTo, switching } = useSwitchFlow(flowId);
  const [messageOpen, setMessageOpen] = useState(false);
  const editing = mode === 'edit';
  const readonly = mode === 'readonly';

  const runBlocked =
    flowId === undefined
      ? 'Save the flow before running it'
      : dirty
        ? 'Save your changes first: a run uses the saved version'
        : undefined;

  return (
    <header className="editor-topbar">
      <div className="editor-topbar__identity">
        <Link
          href="/flows"
          className="btn btn--ghost btn--icon"
          aria-label="Back to flows"
          title="Back to flows"
        >
          <Icon name="chevronRight" className="editor-topbar__back-icon" />
        </Link>
        {editing ? (
          <input
            className="input editor-topbar__name"
            aria-label="Flow name"
            value={name}
            maxLength={160}
            aria-invalid={nameProblem ? true : undefined}
            title={nameProblem}
            onChange={(event) =>
              useEditor.getState().apply([{ type: 'renameFlow', name: event.target.value }], {
                coalesceKey: 'flow-name',
              })
            }
          />
        ) : (
          <h1 className="editor-topbar__title" title={name}>
            {name}
          </h1>
        )}
        {version !== undefined ? (
          <Badge tone="gray" title={`This draft is based on version ${version}`}>
            v{version}
          </Badge>
        ) : (
          <Badge tone="blue">New</Badge>
        )}
        {dirty && (
          <Badge tone="amber" dot>
            Unsaved changes
          </Badge>
        )}
      </div>

      <div className="editor-topbar__tools" role="toolbar" aria-label="Editing">
        {!readonly && (
          <>
            <IconButton
              label="Undo"
              icon="undo"
              title={`Undo (${MOD}Z)`}
              disabled={!canUndo}
              onClick={() => useEditor.getState().undo()}
            />
            <IconButton
              label="Redo"
              icon="redo"
              title={`Redo (${MOD}Shift+Z)`}
              disabled={!canRedo}
              onClick={() => useEditor.getState().redo()}
            />
            <span className="editor-topbar__divider" aria-hidden="true" />
          </>
        )}
        {editing && (
          <IconButton
            label="Auto-layout"
            icon="layout"
            title="Auto-layout: arrange left to right"
            onClick={commands.autoLayout}
          />
        )}
        <IconButton label="Fit view" icon="fit" onClick={commands.fitView} />
      </div>

      <div className="editor-topbar__actions">
        <Button icon="history" aria-pressed={historyOpen} onClick={onToggleHistory}>
          History
        </Button>
        {permissions.operateRuns && (
          <span title={runBlocked}>
            <Button
              icon="play"
              busy={starting}
              disabled={runBlocked !== undefined}
              onClick={() => void run()}
            >
              Run now
            </Button>
          </span>
        )}
        {permissions.enableFlows ? (
          <span
            className="editor-topbar__switch"
            title={flowId === undefined ? 'Save the flow before enabling it' : undefined}
          >
            <Switch
              label="Enabled"
              checked={enabled}
              disabled={flowId === undefined || switching}
              title={
                enabled
                  ? 'Enabled: runs on its schedule and events'
                  : 'Disabled: runs only when started by hand'
              }
              onChange={(next) => void switchTo(next)}
            />
            <span aria-hidden="true">{enabled ? 'Enabled' : 'Disabled'}</span>
          </span>
        ) : (
          flowId !== undefined && (
            <Badge tone={enabled ? 'green' : 'gray'} dot>
              {enabled ? 'Enabled' : 'Disabled'}
            </Badge>
          )
        )}
        {!readonly && (
          <div className="editor-topbar__save">
            <Button
              variant="primary"
              icon="save"
              busy={saving}
              disabled={!dirty}
              title={`${dirty ? 'Save as a new version' : 'No changes to save'} (${MOD}S)`}
              onClick={() => void onSave()}
            >
              {mode === 'criteria' ? 'Save criteria' : 'Save'}
            </Button>
            <IconButton
              label="Add a version message"
              icon="edit"
              variant="default"
              disabled={!dirty || saving}
              onClick={() => setMessageOpen(true)}
            />
          </div>
        )}
      </div>
      {messageOpen && (
        <VersionMessageDialog
          onClose={() => setMessageOpen(false)}
          onSave={(message) => {
            setMessageOpen(false);
            void onSave(message);
          }}
        />
      )}
    </header>
  );
}

function VersionMessageDialog({
  onClose,
  onSave,
}: {
  onClose: () => void;
  onSave: (message: string) => void;
}) {
  const [message, setMessage] = useState('');
  return (
    <Dialog
      open
      title="Save with a message"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" icon="save" onClick={() => onSave(message.trim())}>
            Save version
          </Button>
        </>
      }
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSave(message.trim());
        }}
      >
        <TextField
          label="Version message"
          hint="Shown in the version history, e.g. “Only contacts with a company”."
          value={message}
          maxLength={500}
          autoFocus
          onChange={(event) => setMessage(event.target.value)}
        />
      </form>
    </Dialog>
  );
}
