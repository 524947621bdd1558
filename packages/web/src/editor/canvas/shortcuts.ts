// The editor's keyboard shortcuts: which key press means which command, and when presses belong to a
// text field instead (typing never moves, deletes or pastes nodes).

export type ShortcutCommand = 'undo' | 'redo' | 'copy' | 'paste' | 'selectAll' | 'save' | 'help';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * The command of a key press, or undefined. Ctrl and ⌘ are the same modifier.
 *
 * @example
 * commandForKey({ key: 'z', ctrlKey: true, metaKey: false, shiftKey: true, altKey: false }); // 'redo'
 */
export function commandForKey(press: KeyPress): ShortcutCommand | undefined {
  const mod = press.ctrlKey || press.metaKey;
  if (press.altKey) return undefined;
  if (!mod) return press.key === '?' ? 'help' : undefined;
  switch (press.key.toLowerCase()) {
    case 'z':
      return press.shiftKey ? 'redo' : 'undo';
    case 'y':
      return press.shiftKey ? undefined : 'redo';
    case 'c':
      return press.shiftKey ? undefined : 'copy';
    case 'v':
      return press.shiftKey ? undefined : 'paste';
    case 'a':
      return press.shiftKey ? undefined : 'selectAll';
    case 's':
      return press.shiftKey ? undefined : 'save';
    default:
      return undefined;
  }
}

/** The parts of an event target that tell whether it takes text. */
export interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  type?: string;
}

const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'range', 'color', 'file', 'submit', 'reset']);

/**
 * True when key presses on `target` are typing (inputs, text areas, selects, editable content).
 *
 * @example
 * isTypingTarget(document.activeElement); // true while the flow name field has focus
 */
export function isTypingTarget(target: TargetLike | null | undefined): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !NON_TEXT_INPUTS.has((target.type ?? 'text').toLowerCase());
  return false;
}

/** What the help dialog lists. */
export const SHORTCUT_HELP: readonly { keys: string[]; action: string; editOnly?: boolean }[] = [
  { keys: ['Mod', 'S'], action: 'Save' },
  { keys: ['Mod', 'Z'], action: 'Undo' },
  { keys: ['Mod', 'Shift', 'Z'], action: 'Redo' },
  { keys: ['Mod', 'Y'], action: 'Redo' },
  { keys: ['Mod', 'A'], action: 'Select all nodes' },
  { keys: ['Mod', 'C'], action: 'Copy selected nodes', editOnly: true },
  { keys: ['Mod', 'V'], action: 'Paste', editOnly: true },
  { keys: ['Delete'], action: 'Delete selection (also Backspace)', editOnly: true },
  { keys: ['Shift', 'Drag'], action: 'Select an area' },
  { keys: ['Arrow keys'], action: 'Move the focused node (Tab to focus nodes)', editOnly: true },
  { keys: ['?'], action: 'Show these shortcuts' },
];
