import {
  clientCredentialsGrant,
  createTokenCache,
  jwtBearerGrant,
  refreshTokenGrant,
  type FetchToken,
  type HttpClient,
  type TokenCache,
} from '@flowsync/connector-sdk';
import { assertNever, type SalesforceConfig, type SalesforceSecrets } from './config.ts';

/** Salesforce issues no refresh token to server-to-server flows: every flow simply asks again. */
function fetchTokenFor(config: SalesforceConfig, secrets: SalesforceSecrets, http: HttpClient): FetchToken {
  const tokenUrl = `${config.loginUrl}/services/oauth2/token`;
  switch (config.authKind) {
    case 'clientCredentials':
      return clientCredentialsGrant({
        tokenUrl,
        http,
        clientId: config.clientId,
        clientSecret: secrets.clientSecret ?? '',
      });
    case 'jwtBearer':
      return jwtBearerGrant({
        tokenUrl,
        http,
        issuer: config.clientId,
        subject: config.username ?? '',
        audience: config.audience ?? config.loginUrl,
        privateKeyPem: secrets.privateKeyPem ?? '',
      });
    case 'refreshToken':
      return refreshTokenGrant({
        tokenUrl,
        http,
        clientId: config.clientId,
        refreshToken: secrets.refreshToken ?? '',
        ...(secrets.clientSecret === undefined ? {} : { clientSecret: secrets.clientSecret }),
      });
    default:
      return assertNever(config.authKind);
  }
}

/**
 * The connection's access token, fetched on first use and again (once, for all concurrent callers) after
 * Salesforce refuses it with INVALID_SESSION_ID. Salesforce returns no lifetime, so a token is used
 * until refused.
 *
 * @example
 * ```ts
 * const tokens = createSalesforceTokens(config, secrets, http);
 * const { accessToken, instanceUrl } = await tokens.get();
 * ```
 */
export function createSalesforceTokens(
  config: SalesforceConfig,
  secrets: SalesforceSecrets,
  http: HttpClient,
): TokenCache {
  return createTokenCache({ fetchToken: fetchTokenFor(config, secrets, http) });
}
