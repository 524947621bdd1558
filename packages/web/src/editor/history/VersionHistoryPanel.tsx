// The editor's version history (right panel): every saved version newest first with who and when;
// selecting one shows what it changed in sentences; editors restore an old version as a new one.
import { useEffect, useState } from 'react';
import type { FlowVersionSummary } from '@flowsync/contracts';
import { api } from '../../api/client.ts';
import { describeError } from '../../api/http.ts';
import { useResource } from '../../api/use-resource.ts';
import { useLiveRuns } from '../../state/live-runs.ts';
import { usePermissions } from '../../state/session.ts';
import { Badge, Button, Dialog, EmptyState, ErrorState, LoadingState } from '../../ui/components.tsx';
import { formatDateTime, timeAgo } from '../../ui/format.ts';
import { Icon } from '../../ui/icons.tsx';
import { toast } from '../../ui/toast.tsx';
import { VersionChanges } from './VersionChanges.tsx';
import './version-history.css';

export function VersionHistoryPanel({
  flowId,
  currentVersion,
  onRestored,
}: {
  flowId: string;
  currentVersion: number;
  onRestored: () => void;
}) {
  const permissions = usePermissions();
  const flowChange = useLiveRuns((s) => s.flowChanges[flowId]);
  const versions = useResource(() => api.flows.versions(flowId), [flowId, currentVersion]);
  // undefined: the newest version is open; null: the user closed every version.
  const [selected, setSelected] = useState<number | null | undefined>(undefined);
  const [restoring, setRestoring] = useState<FlowVersionSummary | undefined>(undefined);
  const { reload } = versions;

  // Someone saved (or restored) while the panel is open.
  const changedVersion = flowChange?.version;
  useEffect(() => {
    if (changedVersion !== undefined) reload();
  }, [changedVersion, reload]);

  const list = versions.data?.versions ?? [];
  const latest = list[0]?.version ?? currentVersion;
  const open = selected === undefined ? latest : selected;

  return (
    <section className="history" aria-label="Version history">
      <header className="history__header">
        <h2>Version history</h2>
        {list.length > 0 && (
          <span className="muted history__count">
            {list.length} {list.length === 1 ? 'version' : 'versions'}
          </span>
        )}
      </header>
      {versions.state === 'loading' && !versions.data && <LoadingState label="Loading versions…" />}
      {versions.state === 'error' && !versions.data && (
        <ErrorState
          title="Could not load the versions"
          message={describeError(versions.error)}
          onRetry={reload}
        />
      )}
      {versions.data && list.length === 0 && (
        <EmptyState icon="history" title="No versions yet">
          Saving the flow creates its first version.
        </EmptyState>
      )}
      {list.length > 0 && (
        <ol className="history__list">
          {list.map((version) => {
            const isOpen = version.version === open;
            const isCurrent = version.version === currentVersion;
            return (
              <li
                key={version.version}
                className={isOpen ? 'history__item history__item--open' : 'history__item'}
              >
                <button
                  type="button"
                  className="history__summary"
                  aria-expanded={isOpen}
                  aria-controls={`history-changes-${version.version}`}
                  onClick={() => setSelected(isOpen ? null : version.version)}
                >
                  <span className="history__line">
                    <span className="history__version">v{version.version}</span>
                    {isCurrent && <Badge tone="brand">Current</Badge>}
                    <span className="history__when" title={formatDateTime(version.createdAt)}>
                      {timeAgo(version.createdAt)}
                    </span>
                    <Icon
                      name={isOpen ? 'chevronDown' : 'chevronRight'}
                      size={14}
                      className="history__chevron"
                    />
                  </span>
                  <span className="history__author">{version.author}</span>
                  {version.message && <span className="history__message">{version.message}</span>}
                </button>
                {isOpen && (
                  <div id={`history-changes-${version.version}`} className="history__changes">
                    <VersionChanges flowId={flowId} version={version} />
                    {!isCurrent && permissions.editFlows && (
                      <Button size="sm" icon="history" onClick={() => setRestoring(version)}>
                        Restore this version
                      </Button>
                    )}
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {restoring && (
        <RestoreDialog
          flowId={flowId}
          version={restoring}
          currentVersion={currentVersion}
          onClose={() => setRestoring(undefined)}
          onRestored={() => {
            setRestoring(undefined);
            setSelected(undefined);
            reload();
            onRestored();
          }}
        />
      )}
    </section>
  );
}

function RestoreDialog({
  flowId,
  version,
  currentVersion,
  onClose,
  onRestored,
}: {
  flowId: string;
  version: FlowVersionSummary;
  currentVersion: number;
  onClose: () => void;
  onRestored: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const restore = async () => {
    setBusy(true);
    try {
      const saved = await api.flows.restore(flowId, version.version, currentVersion);
      toast.success(`Restored v${version.version}`, `Saved as version ${saved.version}.`);
      onRestored();
    } catch (error) {
      toast.error(`Could not restore v${version.version}`, describeError(error));
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      title={`Restore version ${version.version}?`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" icon="history" busy={busy} onClick={() => void restore()}>
            Restore v{version.version}
          </Button>
        </>
      }
    >
      <p>
        The flow as it was in v{version.version} ({version.author}, {formatDateTime(version.createdAt)}) is
        saved as a new version, v{currentVersion + 1}. Nothing is lost: every version stays in the history.
      </p>
    </Dialog>
  );
}
