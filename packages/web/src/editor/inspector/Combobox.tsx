// A text input with a filtered list of suggestions (ARIA 1.2 combobox): type anything, or pick from
// the list with the mouse or the arrow keys and Enter. Free text is always accepted, so a field
// picker keeps working when the connector's describe is unavailable.
import { useId, useMemo, useRef, useState, type InputHTMLAttributes, type KeyboardEvent } from 'react';
import { Icon } from '../../ui/icons.tsx';

export interface ComboOption {
  value: string;
  label: string;
  /** Shown small and right-aligned: a field type, "external id"… */
  detail?: string;
}

const MAX_SHOWN = 150;

function matches(option: ComboOption, query: string): boolean {
  const q = query.toLowerCase();
  return option.value.toLowerCase().includes(q) || option.label.toLowerCase().includes(q);
}

export function Combobox({
  id,
  value,
  onChange,
  onPick,
  options,
  placeholder,
  describedBy,
  invalid,
  ariaLabel,
  mono = true,
  openOnFocus = false,
  inputProps,
}: {
  id?: string;
  value: string;
  /** Every keystroke (free text) and every pick. */
  onChange: (value: string) => void;
  /** Only a pick from the list or Enter; defaults to onChange. */
  onPick?: (value: string) => void;
  options: readonly ComboOption[];
  placeholder?: string;
  describedBy?: string | undefined;
  invalid?: boolean | undefined;
  ariaLabel?: string;
  mono?: boolean;
  /** Show the whole list as soon as the input gets focus (search boxes of menus). */
  openOnFocus?: boolean;
  inputProps?: InputHTMLAttributes<HTMLInputElement>;
}) {
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  /** What the list is filtered by: only what the user typed since opening, not the stored value. */
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(-1);

  const shown = useMemo(() => {
    const filtered = query === '' ? options : options.filter((option) => matches(option, query));
    return filtered.slice(0, MAX_SHOWN);
  }, [options, query]);

  const openList = (filter: string) => {
    setQuery(filter);
    setOpen(true);
    const list = filter === '' ? options : options.filter((option) => matches(option, filter));
    setActive(
      Math.max(
        0,
        list.findIndex((option) => option.value === value),
      ),
    );
  };

  const pick = (option: ComboOption) => {
    (onPick ?? onChange)(option.value);
    setOpen(false);
    setQuery('');
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        openList('');
        return;
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (shown.length === 0 ? -1 : (current + step + shown.length) % shown.length));
    } else if (event.key === 'Enter') {
      const option = open ? shown[active] : undefined;
      if (option) {
        event.preventDefault();
        pick(option);
      } else if (onPick && value.trim() !== '') {
        event.preventDefault();
        onPick(value.trim());
        setOpen(false);
      }
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  };

  const activeOption = open ? shown[active] : undefined;
  return (
    <div className="combobox">
      <input
        ref={inputRef}
        id={id}
        className={['input', 'combobox__input', mono && 'mono'].filter(Boolean).join(' ')}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeOption ? `${listId}-${active}` : undefined}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        aria-label={ariaLabel}
        autoComplete="off"
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        onChange={(event) => {
          onChange(event.target.value);
          openList(event.target.value);
        }}
        onKeyDown={onKeyDown}
        onFocus={openOnFocus ? () => openList('') : undefined}
        onBlur={() => setOpen(false)}
        {...inputProps}
      />
      <button
        type="button"
        className="combobox__toggle"
        tabIndex={-1}
        aria-label="Show suggestions"
        disabled={options.length === 0}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => {
          if (open) setOpen(false);
          else {
            inputRef.current?.focus();
            openList('');
          }
        }}
      >
        <Icon name="chevronDown" size={14} />
      </button>
      {open && (
        <ul
          id={listId}
          role="listbox"
          className="combobox__list"
          onMouseDown={(event) => event.preventDefault()}
        >
          {shown.length === 0 && (
            <li className="combobox__empty" role="presentation">
              {options.length === 0 ? 'No suggestions' : 'No match — the text is used as typed'}
            </li>
          )}
          {shown.map((option, index) => (
            <li
              key={option.value}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className="combobox__option"
              onMouseEnter={() => setActive(index)}
              onClick={() => pick(option)}
            >
              <span className="combobox__option-main">
                <span className="combobox__option-label">{option.label}</span>
                {option.label !== option.value && (
                  <span className="combobox__option-value">{option.value}</span>
                )}
              </span>
              {option.detail && <span className="combobox__option-detail">{option.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
