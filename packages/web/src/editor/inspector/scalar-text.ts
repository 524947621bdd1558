// How the inspector's one-line inputs hold JSON scalars (static values, value-map entries, filter
// values): text is text, but numbers, true, false and null are typed, and a quoted "123" is the text
// 123. Formatting then parsing gives back the same value, so inputs round-trip exactly.
import type { JsonScalar } from '@flowsync/contracts';

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function isQuoted(text: string): boolean {
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return false;
  try {
    return typeof JSON.parse(text) === 'string';
  } catch {
    return false;
  }
}

/**
 * Reads one typed value.
 *
 * @example
 * parseScalar('42'); // 42
 * parseScalar('"42"'); // '42'
 * parseScalar('UPS Ground'); // 'UPS Ground'
 * parseScalar('null'); // null
 */
export function parseScalar(text: string): JsonScalar {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (NUMBER.test(text)) {
    const number = Number(text);
    if (Number.isFinite(number)) return number;
  }
  if (isQuoted(text)) return JSON.parse(text) as string;
  return text;
}

/**
 * Writes one value so that `parseScalar` reads it back unchanged.
 *
 * @example
 * formatScalar('42'); // '"42"'
 * formatScalar(42); // '42'
 * formatScalar('UPS'); // 'UPS'
 */
export function formatScalar(value: JsonScalar | undefined): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') return JSON.stringify(value);
  return typeof parseScalar(value) === 'string' && !isQuoted(value) ? value : JSON.stringify(value);
}

/** The kind of a scalar in words, for the small type hint beside an input. */
export function scalarKind(value: JsonScalar | undefined): 'text' | 'number' | 'boolean' | 'null' | 'empty' {
  if (value === undefined) return 'empty';
  if (value === null) return 'null';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'text';
}

/**
 * Reads a comma-separated list (for the `in` and `notIn` filters); commas inside quotes stay.
 *
 * @example
 * parseScalarList('1, 2, "a, b"'); // [1, 2, 'a, b']
 */
export function parseScalarList(text: string): JsonScalar[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '\\' && quoted) {
      current += char + (text[i + 1] ?? '');
      i++;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === ',' && !quoted) {
      items.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  items.push(current);
  return items
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map(parseScalar);
}

/** Writes a list so that `parseScalarList` reads it back unchanged. */
export function formatScalarList(values: readonly JsonScalar[]): string {
  return values
    .map((value) => {
      const text = formatScalar(value);
      return typeof value === 'string' && (text.includes(',') || text.includes('"') || text !== text.trim())
        ? JSON.stringify(value)
        : text;
    })
    .join(', ');
}
