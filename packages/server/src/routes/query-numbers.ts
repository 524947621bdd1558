import { AppError } from '../app-error.ts';

/**
 * A whole number from the query string (digits, already checked by the route schema), within bounds;
 * out of bounds is a 400 naming the field.
 *
 * @example
 * ```ts
 * const limit = boundedInteger(request.query.limit, 'limit', { min: 1, max: 500, fallback: 50 });
 * ```
 */
export function boundedInteger(
  raw: string | number | undefined,
  field: string,
  bounds: { min: number; max: number; fallback: number },
): number {
  if (raw === undefined || raw === '') return bounds.fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    const message = `${field} must be a whole number from ${bounds.min} to ${bounds.max}`;
    throw new AppError('VALIDATION_FAILED', message, [{ path: `/querystring/${field}`, message }]);
  }
  return value;
}
