// How a map node's values become the target record, shared by the engine (which writes it) and the
// editor's mapping preview (which shows it): value-map entry keys and dotted target paths.

/**
 * Key under which value-map entries are found: type-aware, so 1 and "1" stay distinct.
 *
 * @example
 * valueMapKey(1) === valueMapKey('1'); // false
 */
export function valueMapKey(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * Sets `value` at `path` in `target`, creating (or replacing non-object values with) the objects on
 * the way: the target path `Address.City` arrives as ['Address', 'City'].
 *
 * @example
 * const record = {};
 * setAtPath(record, ['Address', 'City'], 'Utrecht'); // record: { Address: { City: 'Utrecht' } }
 */
export function setAtPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cursor = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string;
    const next = cursor[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      const created: Record<string, unknown> = {};
      cursor[key] = created;
      cursor = created;
    } else {
      cursor = next as Record<string, unknown>;
    }
  }
  const last = path.at(-1);
  if (last !== undefined) cursor[last] = value;
}
