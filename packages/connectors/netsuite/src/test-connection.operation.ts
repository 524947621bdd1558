import type { ConnectionTestResult } from '@flowsync/connector-sdk';
import type { OperationContext } from './operation-context.ts';

/**
 * A cheap authenticated SuiteQL call (one row); the detail names the account and the auth method.
 *
 * @example
 * ```ts
 * (await testConnection(context)).detail; // 'NetSuite account 1234567_SB1 via token-based authentication (20 customers)'
 * ```
 */
export async function testConnection(
  context: OperationContext,
  signal?: AbortSignal,
): Promise<ConnectionTestResult> {
  const page = await context.client.suiteql('SELECT id FROM customer', {
    limit: 1,
    ...(signal === undefined ? {} : { signal }),
  });
  const method =
    context.client.authKind === 'tba' ? 'token-based authentication' : 'OAuth 2.0 client credentials';
  return {
    ok: true,
    detail: `NetSuite account ${context.config.accountId} via ${method} (${page.totalResults} customers)`,
  };
}
