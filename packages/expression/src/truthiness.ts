/**
 * JSONata truthiness, as `$boolean` and the `and` / `or` operators see a value: undefined, null, false,
 * 0, '', empty arrays and objects, and functions are false; an array is true when any member is.
 *
 * @example
 * isTruthy(undefined); // false
 * isTruthy([0, '', 'x']); // true
 * isTruthy({}); // false
 */
export function isTruthy(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value !== 'object' || value === null) return false; // undefined, null, functions, bigint, symbol
  if (Array.isArray(value)) return value.length === 1 ? isTruthy(value[0]) : value.some(isTruthy);
  if (isJsonataFunction(value)) return false;
  for (const key in value) {
    if (Object.hasOwn(value, key)) return true;
  }
  return false;
}

function isJsonataFunction(value: object): boolean {
  const marked = value as { _jsonata_function?: unknown; _jsonata_lambda?: unknown };
  return marked._jsonata_function === true || marked._jsonata_lambda === true;
}
