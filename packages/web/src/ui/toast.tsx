import { create } from 'zustand';
import { Link } from 'wouter';
import { IconButton } from './components.tsx';

export interface Toast {
  id: number;
  tone: 'info' | 'success' | 'error';
  title: string;
  message?: string;
  /** A place to go from the toast, e.g. the run that was just started. */
  link?: ToastLink;
}

export interface ToastLink {
  href: string;
  label: string;
}

interface ToastState {
  toasts: Toast[];
  push(toast: Omit<Toast, 'id'>): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useToasts = create<ToastState>()((set) => ({
  toasts: [],
  push(toast) {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts.slice(-4), { ...toast, id }] }));
    setTimeout(
      () => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
      toast.tone === 'error' ? 9000 : 4500,
    );
  },
  dismiss(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
}));

/** `toast.success('Saved', 'Version 4')`, `toast.error('Could not save', describeError(e))`. */
export const toast = {
  info: (title: string, message?: string) =>
    useToasts.getState().push({ tone: 'info', title, ...(message ? { message } : {}) }),
  success: (title: string, message?: string, link?: ToastLink) =>
    useToasts
      .getState()
      .push({ tone: 'success', title, ...(message ? { message } : {}), ...(link ? { link } : {}) }),
  error: (title: string, message?: string) =>
    useToasts.getState().push({ tone: 'error', title, ...(message ? { message } : {}) }),
};

export function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <div className="toasts" role="region" aria-label="Notifications" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast--${t.tone}`} role={t.tone === 'error' ? 'alert' : 'status'}>
          <div className="toast__body">
            <div className="toast__title">{t.title}</div>
            {t.message && <div className="muted">{t.message}</div>}
            {t.link && (
              <Link href={t.link.href} onClick={() => dismiss(t.id)}>
                {t.link.label}
              </Link>
            )}
          </div>
          <IconButton size="sm" label="Dismiss" icon="x" onClick={() => dismiss(t.id)} />
        </div>
      ))}
    </div>
  );
}
