// Shown when someone else saved a newer version of the flow while it was open here: who and when, and
// the two ways on: load their version, or save this draft as a newer version (theirs stays in history).
import { useState } from 'react';
import { describeError } from '../../api/http.ts';
import { Button } from '../../ui/components.tsx';
import { timeAgo } from '../../ui/format.ts';
import { Icon } from '../../ui/icons.tsx';
import { toast } from '../../ui/toast.tsx';
import { useEditor } from '../editor-store.ts';

export function ConflictBanner({ onSave }: { onSave: () => Promise<void> }) {
  const conflict = useEditor((s) => s.conflict);
  const dirty = useEditor((s) => s.dirty);
  const mode = useEditor((s) => s.mode);
  const base = useEditor((s) => s.baseVersion);
  const [loading, setLoading] = useState(false);
  if (conflict === undefined) return null;

  const loadTheirs = async () => {
    if (dirty && !window.confirm(`Discard your unsaved changes and load version ${conflict.version}?`))
      return;
    setLoading(true);
    try {
      await useEditor.getState().reloadLatest();
    } catch (error) {
      toast.error('Could not load the latest version', describeError(error));
    } finally {
      setLoading(false);
    }
  };
  const saveMine = async () => {
    useEditor.getState().rebaseOnConflict();
    await onSave();
  };
  const canKeepMine = dirty && mode !== 'readonly';

  return (
    <div className="editor-banner" role="alert">
      <Icon name="errors" size={18} className="editor-banner__icon" />
      <div className="editor-banner__text">
        <strong>
          {conflict.author} saved version {conflict.version} {timeAgo(conflict.at)}.
        </strong>{' '}
        {canKeepMine
          ? `Your draft started from version ${base ?? '?'}. Load their version, or save yours as a new version: theirs stays in the history.`
          : 'Load their version to see their changes.'}
      </div>
      <div className="editor-banner__actions">
        <Button size="sm" busy={loading} onClick={() => void loadTheirs()}>
          Load their version
        </Button>
        {canKeepMine && (
          <Button size="sm" variant="primary" onClick={() => void saveMine()}>
            Save mine as a new version
          </Button>
        )}
      </div>
    </div>
  );
}
