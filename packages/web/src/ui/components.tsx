// The shared building blocks of every screen. Each control is labelled for assistive technology and
// reachable by keyboard; screens compose these rather than styling raw elements.
import {
  forwardRef,
  useEffect,
  useId,
  useRef,
  type ButtonHTMLAttributes,
  type InputHTMLAttributes,
  type KeyboardEvent,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import type { RunStatus } from '@flowsync/contracts';
import { Icon, type IconName } from './icons.tsx';

type ButtonVariant = 'default' | 'primary' | 'danger' | 'ghost';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'md' | 'sm';
  icon?: IconName;
  busy?: boolean;
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = 'default', size = 'md', icon, busy, children, className, disabled, type = 'button', ...rest },
  ref,
) {
  return (
    <button
      ref={ref}
      type={type}
      className={classes(
        'btn',
        variant !== 'default' && `btn--${variant}`,
        size === 'sm' && 'btn--sm',
        className,
      )}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? <span className="spinner" style={{ width: 14, height: 14 }} /> : icon && <Icon name={icon} />}
      {children}
    </button>
  );
});

/** A square button with only an icon: `label` is its accessible name and tooltip. */
export const IconButton = forwardRef<
  HTMLButtonElement,
  Omit<ButtonProps, 'children'> & { label: string; icon: IconName }
>(function IconButton({ label, icon, className, size = 'md', variant = 'ghost', ...rest }, ref) {
  return (
    <Button
      ref={ref}
      variant={variant}
      size={size}
      className={classes('btn--icon', className)}
      aria-label={label}
      title={label}
      {...rest}
    >
      <Icon name={icon} />
    </Button>
  );
});

/** `classes('btn', primary && 'btn--primary')` → the truthy names joined by spaces. */
function classes(...names: (string | false | undefined | null)[]): string {
  return names.filter(Boolean).join(' ');
}

type FieldExtras = {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  fieldClassName?: string | undefined;
};

/** What every field's control carries: its id and the ARIA links to its hint and error. */
interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** Label, hint and error around one control, wired together for assistive technology. */
function FieldShell({
  label,
  hint,
  error,
  fieldClassName,
  children,
}: FieldExtras & { children: (control: ControlProps) => ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={classes('field', fieldClassName)}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} className="field__error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

export function TextField({
  label,
  hint,
  error,
  fieldClassName,
  className,
  ...rest
}: FieldExtras & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldShell label={label} hint={hint} error={error} fieldClassName={fieldClassName}>
      {(control) => <input className={classes('input', className)} {...control} {...rest} />}
    </FieldShell>
  );
}

export function TextArea({
  label,
  hint,
  error,
  fieldClassName,
  className,
  ...rest
}: FieldExtras & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldShell label={label} hint={hint} error={error} fieldClassName={fieldClassName}>
      {(control) => <textarea className={classes('textarea', className)} {...control} {...rest} />}
    </FieldShell>
  );
}

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export function SelectField({
  label,
  hint,
  error,
  options,
  placeholder,
  fieldClassName,
  className,
  ...rest
}: FieldExtras &
  SelectHTMLAttributes<HTMLSelectElement> & { options: readonly SelectOption[]; placeholder?: string }) {
  return (
    <FieldShell label={label} hint={hint} error={error} fieldClassName={fieldClassName}>
      {(control) => (
        <select className={classes('select', className)} {...control} {...rest}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value} disabled={option.disabled}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

export function Switch({
  checked,
  onChange,
  label,
  disabled,
  title,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** Accessible name, e.g. "Enabled: NetSuite Contacts → Salesforce". */
  label: string;
  disabled?: boolean;
  title?: string;
}) {
  return (
    <button
      type="button"
      role="switch"
      className="switch"
      aria-checked={checked}
      aria-label={label}
      title={title ?? label}
      disabled={disabled}
      onClick={() => onChange(!checked)}
    >
      <span className="switch__thumb" />
    </button>
  );
}

export type BadgeTone = 'gray' | 'green' | 'amber' | 'red' | 'blue' | 'brand';

export function Badge({
  tone = 'gray',
  dot,
  pulse,
  children,
  title,
}: {
  tone?: BadgeTone;
  dot?: boolean;
  pulse?: boolean;
  children: ReactNode;
  title?: string;
}) {
  return (
    <span
      className={classes('badge', tone !== 'gray' && `badge--${tone}`, pulse && 'badge--pulse')}
      title={title}
    >
      {dot && <span className="badge__dot" />}
      {children}
    </span>
  );
}

const RUN_STATUS_LOOK: Record<RunStatus, { tone: BadgeTone; label: string }> = {
  queued: { tone: 'blue', label: 'Queued' },
  running: { tone: 'blue', label: 'Running' },
  succeeded: { tone: 'green', label: 'Succeeded' },
  completedWithErrors: { tone: 'amber', label: 'Completed with errors' },
  failed: { tone: 'red', label: 'Failed' },
  cancelled: { tone: 'gray', label: 'Cancelled' },
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const look = RUN_STATUS_LOOK[status];
  return (
    <Badge tone={look.tone} dot pulse={status === 'running' || status === 'queued'}>
      {look.label}
    </Badge>
  );
}

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return <span className="spinner" role="status" aria-label={label} />;
}

export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      <span className="spinner" />
      <span>{label}</span>
    </div>
  );
}

export function EmptyState({
  icon = 'info',
  title,
  children,
  actions,
}: {
  icon?: IconName;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="state">
      <span className="state__icon">
        <Icon name={icon} size={20} />
      </span>
      <span className="state__title">{title}</span>
      {children && <span>{children}</span>}
      {actions && <div className="state__actions">{actions}</div>}
    </div>
  );
}

export function ErrorState({
  title = 'Something went wrong',
  message,
  onRetry,
}: {
  title?: string;
  message: string;
  onRetry?: () => void;
}) {
  return (
    <div className="state state--error" role="alert">
      <span className="state__icon">
        <Icon name="errors" size={20} />
      </span>
      <span className="state__title">{title}</span>
      <span>{message}</span>
      {onRetry && (
        <div className="state__actions">
          <Button icon="refresh" onClick={onRetry}>
            Try again
          </Button>
        </div>
      )}
    </div>
  );
}

export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="page-header__subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="page-header__actions">{actions}</div>}
    </header>
  );
}

/**
 * A modal dialog on the native <dialog> element (focus trap, Escape and backdrop for free).
 * Rendered only while `open`.
 */
export function Dialog({
  open,
  title,
  onClose,
  children,
  footer,
  wide,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (open && dialog && !dialog.open) dialog.showModal();
  }, [open]);
  if (!open) return null;
  return (
    <dialog
      ref={ref}
      className={classes('dialog', wide && 'dialog--wide')}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="dialog__header">
        <h2 id={titleId}>{title}</h2>
        <IconButton label="Close" icon="x" onClick={onClose} />
      </div>
      <div className="dialog__body">{children}</div>
      {footer && <div className="dialog__footer">{footer}</div>}
    </dialog>
  );
}

/** A tab list (WAI-ARIA tabs pattern: roving focus, arrow keys, Home and End). */
export function Tabs<T extends string>({
  tabs,
  value,
  onChange,
  label,
}: {
  tabs: readonly { value: T; label: ReactNode }[];
  value: T;
  onChange: (value: T) => void;
  label: string;
}) {
  const listRef = useRef<HTMLDivElement>(null);
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((tab) => tab.value === value);
    const last = tabs.length - 1;
    const target =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index <= 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : undefined;
    const next = target === undefined ? undefined : tabs[target];
    if (!next) return;
    event.preventDefault();
    onChange(next.value);
    listRef.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[target as number]?.focus();
  }
  return (
    <div className="tabs" role="tablist" aria-label={label} ref={listRef} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.value}
          type="button"
          role="tab"
          className="tab"
          aria-selected={tab.value === value}
          tabIndex={tab.value === value ? 0 : -1}
          onClick={() => onChange(tab.value)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
