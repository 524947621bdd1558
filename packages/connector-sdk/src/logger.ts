/**
 * The logging port: pino-compatible (`logger.debug({ status: 200 }, 'message')`), so a pino logger or a
 * child of one can be passed as is.
 *
 * @example
 * ```ts
 * const client = createHttpClient({ logger: pino().child({ connection: 'salesforce-prod' }) });
 * ```
 */
export interface Logger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

const ignore = (): void => {};

/** A logger that drops everything. */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
