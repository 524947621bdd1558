// Keyboard shortcuts of the editor (see shortcuts.ts for the keys). Presses in text fields belong to
// the field, except Save, which works everywhere so a half-typed edit can be saved without a click.
import { useEffect } from 'react';
import { useEditor } from '../editor-store.ts';
import { commandForKey, isTypingTarget } from './shortcuts.ts';
import type { CanvasCommands } from './use-canvas-commands.ts';

function hasTextSelection(): boolean {
  const selection = window.getSelection();
  return selection !== null && !selection.isCollapsed && selection.toString().trim() !== '';
}

/** Presses inside the side panel (inspector, run, history) are theirs for copy, paste and select all. */
function inSidePanel(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('.editor-side') !== null;
}

export function useEditorShortcuts(options: {
  commands: CanvasCommands;
  onSave: () => void;
  onHelp: () => void;
}): void {
  const { commands, onSave, onHelp } = options;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const command = commandForKey(event);
      if (command === undefined) return;
      // A modal dialog (shortcuts, version message, the inspector's own) owns the keyboard.
      if (document.querySelector('dialog[open]')) return;
      if (command === 'save') {
        event.preventDefault();
        onSave();
        return;
      }
      if (isTypingTarget(event.target as Element | null)) return;
      const editor = useEditor.getState();
      switch (command) {
        case 'undo':
        case 'redo':
          if (editor.mode === 'readonly') return;
          event.preventDefault();
          if (command === 'undo') editor.undo();
          else editor.redo();
          return;
        case 'copy':
          if (editor.mode !== 'edit' || hasTextSelection() || inSidePanel(event.target)) return;
          if (commands.copy()) event.preventDefault();
          return;
        case 'paste':
          if (editor.mode !== 'edit' || inSidePanel(event.target)) return;
          if (commands.paste()) event.preventDefault();
          return;
        case 'selectAll':
          if (inSidePanel(event.target)) return;
          event.preventDefault();
          commands.selectAll();
          return;
        case 'help':
          event.preventDefault();
          onHelp();
          return;
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [commands, onSave, onHelp]);
}
