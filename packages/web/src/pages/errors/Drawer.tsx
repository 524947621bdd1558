// A side drawer over the page on the native modal <dialog> (focus kept inside, Escape and a click on
// the backdrop close it), for looking at one item of a list without leaving the list.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { IconButton } from '../../ui/components.tsx';
import './drawer.css';

export function Drawer({
  title,
  subtitle,
  onClose,
  children,
  footer,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="errors-drawer"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the dialog element itself.
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div className="errors-drawer__panel">
        <header className="errors-drawer__header">
          <div className="grow">
            <h2 id={titleId}>{title}</h2>
            {subtitle && <div className="errors-drawer__subtitle">{subtitle}</div>}
          </div>
          <IconButton label="Close" icon="x" onClick={onClose} />
        </header>
        <div className="errors-drawer__body">{children}</div>
        {footer && <footer className="errors-drawer__footer">{footer}</footer>}
      </div>
    </dialog>
  );
}
