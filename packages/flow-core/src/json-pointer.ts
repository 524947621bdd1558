/** Escapes one reference token of a JSON pointer (RFC 6901). */
export function escapePointerSegment(segment: string | number): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Joins reference tokens into a JSON pointer: `pointer('nodes', 2, 'config')` is `/nodes/2/config`. */
export function pointer(...segments: readonly (string | number)[]): string {
  return segments.map((segment) => `/${escapePointerSegment(segment)}`).join('');
}

/** Splits a JSON pointer into unescaped reference tokens. */
export function pointerSegments(path: string): string[] {
  if (path === '') return [];
  return path
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/**
 * A pointer as a field name people read: `/fields/3/expression` is `fields[3].expression`.
 * An empty pointer gives an empty string.
 */
export function fieldName(path: string): string {
  let name = '';
  for (const segment of pointerSegments(path)) {
    if (/^\d+$/.test(segment)) name += `[${segment}]`;
    else name += name === '' ? segment : `.${segment}`;
  }
  return name;
}
