import type { ConnectionTestResult } from '@flowsync/connector-sdk';
import { instanceUrlOf, type SalesforceClient } from './client.ts';

interface Identity {
  username?: string;
  display_name?: string;
  organization_id?: string;
}

/**
 * Checks the credentials and API access: gets a token, calls `/limits` (an API call, so it proves the
 * REST API is enabled for the user), then reads the identity URL of the token for the user and org.
 *
 * @example
 * ```ts
 * (await testConnection(client)).detail; // 'Connected as integration@acme.com (org 00D…) at https://acme.my.salesforce.com; API usage 18/15000'
 * ```
 */
export async function testConnection(
  client: SalesforceClient,
  signal?: AbortSignal,
): Promise<ConnectionTestResult> {
  const options = signal === undefined ? {} : { signal };
  const limits = await client.request({ path: 'limits', ...options });
  const token = await client.token(signal);
  const usage = /api-usage=(\d+\/\d+)/.exec(limits.headers['sforce-limit-info'] ?? '')?.[1];
  const idUrl = typeof token.raw?.['id'] === 'string' ? token.raw['id'] : undefined;
  let who = 'the connected app user';
  if (idUrl !== undefined) {
    const { body } = await client.http.request<Identity>({
      url: idUrl,
      headers: { authorization: `Bearer ${token.accessToken}`, accept: 'application/json' },
      expectJson: true,
      ...options,
    });
    who = `${body.username ?? body.display_name ?? 'unknown user'}${body.organization_id === undefined ? '' : ` (org ${body.organization_id})`}`;
  }
  return {
    ok: true,
    detail: `Connected as ${who} at ${instanceUrlOf(token, client.config)}${usage === undefined ? '' : `; API usage ${usage}`}`,
  };
}
