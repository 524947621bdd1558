import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ConnectorError } from './connector-error.ts';

export interface ParsedSettings<T extends TSchema, K extends string> {
  config: Static<T>;
  /** The known secrets that are set (empty strings count as not set). */
  secrets: Partial<Record<K, string>>;
  /** A VALIDATION_FAILED error naming the connection, e.g. `Salesforce connection: clientId: …`. */
  invalid(message: string): ConnectorError;
  /** Throws when a secret the chosen auth kind needs is missing. */
  requireSecret(key: K, reason: string): void;
}

/**
 * Applies the schema's defaults to a connection's settings, checks them, and picks out its secrets.
 * Throws ConnectorError VALIDATION_FAILED naming the first wrong field (dotted path).
 *
 * @example
 * ```ts
 * const { config, secrets, requireSecret } = parseConnectionSettings({
 *   system: 'Salesforce', schema: SalesforceConfig, secretKeys: ['clientSecret'], config: raw, secrets: rawSecrets,
 * });
 * if (config.authKind === 'clientCredentials') requireSecret('clientSecret', 'for authKind clientCredentials');
 * ```
 */
export function parseConnectionSettings<T extends TSchema, K extends string>(options: {
  system: string;
  schema: T;
  secretKeys: readonly K[];
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}): ParsedSettings<T, K> {
  const invalid = (message: string) =>
    new ConnectorError('VALIDATION_FAILED', `${options.system} connection: ${message}`);
  const candidate = Value.Default(options.schema, structuredClone(options.config));
  const [error] = Value.Errors(options.schema, candidate);
  if (error !== undefined) {
    const field = error.path.replace(/^\//, '').replace(/\//g, '.') || '(config)';
    throw invalid(`${field}: ${error.message}`);
  }
  const secrets: Partial<Record<K, string>> = {};
  for (const key of options.secretKeys) {
    const value = options.secrets[key];
    if (value !== undefined && value !== '') secrets[key] = value;
  }
  return {
    config: candidate as Static<T>,
    secrets,
    invalid,
    requireSecret(key, reason) {
      if (secrets[key] === undefined) throw invalid(`${key}: required ${reason}`);
    },
  };
}
