// Unsaved changes are not lost by accident: closing or reloading the tab asks the browser's question,
// and following a link inside the app asks for confirmation first.
import { useEffect } from 'react';
import { useEditor } from '../editor-store.ts';

const QUESTION = 'This flow has unsaved changes. Leave and lose them?';

export function useLeaveGuard(): void {
  const dirty = useEditor((s) => s.dirty);
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
        return;
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (!(link instanceof HTMLAnchorElement) || link.target === '_blank' || link.origin !== location.origin)
        return;
      if (link.pathname === location.pathname) return;
      if (!window.confirm(QUESTION)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    // Capture phase: decide before the router follows the link.
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [dirty]);
}
