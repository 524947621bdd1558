// The "?" help: every keyboard shortcut of the editor (edit-only ones only in edit mode).
import { Dialog } from '../../ui/components.tsx';
import { useEditor } from '../editor-store.ts';
import { SHORTCUT_HELP } from './shortcuts.ts';

const MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const editing = useEditor((s) => s.mode === 'edit');
  const rows = SHORTCUT_HELP.filter((row) => editing || !row.editOnly);
  return (
    <Dialog open title="Keyboard shortcuts" onClose={onClose}>
      <table className="table table--compact editor-shortcuts">
        <tbody>
          {rows.map((row) => (
            <tr key={row.keys.join('+')}>
              <td className="editor-shortcuts__keys">
                {row.keys.map((key, index) => (
                  <span key={key}>
                    {index > 0 && <span className="muted"> + </span>}
                    <kbd>{key === 'Mod' ? (MAC ? '⌘' : 'Ctrl') : key}</kbd>
                  </span>
                ))}
              </td>
              <td>{row.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted editor-shortcuts__note">
        Shortcuts do nothing while you type in a field, except save.
      </p>
    </Dialog>
  );
}
