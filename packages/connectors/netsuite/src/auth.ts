import { createPrivateKey } from 'node:crypto';
import {
  clientCredentialsJwtGrant,
  createOAuth1Signer,
  createTokenCache,
  type ClientAssertionAlgorithm,
  type HttpClient,
  type HttpMethod,
  type TokenCache,
} from '@flowsync/connector-sdk';
import { invalidSetting, restRoot, type NetSuiteConfig, type NetSuiteSecrets } from './config.ts';

/** Token-based authentication signs each request; it has no token to refresh (TBA tokens do not expire). */
export interface TbaAuth {
  kind: 'tba';
  authorize: (request: { method: HttpMethod; url: string }) => Record<string, string>;
}

/** OAuth 2.0 client credentials: a cached bearer token, fetched again with a fresh JWT assertion. */
export interface OAuth2Auth {
  kind: 'oauth2';
  tokens: TokenCache;
}

export type NetSuiteAuth = TbaAuth | OAuth2Auth;

/**
 * TBA: OAuth 1.0a, HMAC-SHA256, `realm` = the account id in upper case with `_` (§2.2). The query is
 * signed; JSON bodies are not.
 */
export function createTbaAuth(config: NetSuiteConfig, secrets: NetSuiteSecrets): TbaAuth {
  const signer = createOAuth1Signer({
    consumerKey: secrets.consumerKey ?? '',
    consumerSecret: secrets.consumerSecret ?? '',
    token: secrets.tokenId ?? '',
    tokenSecret: secrets.tokenSecret ?? '',
    realm: config.accountId.toUpperCase().replace(/-/g, '_'),
    signatureMethod: 'HMAC-SHA256',
  });
  return {
    kind: 'tba',
    authorize: ({ method, url }) => ({ authorization: signer.sign({ method, url }) }),
  };
}

/** PS256 for RSA keys; ES256/384/512 by curve for EC keys (RS256 is not accepted by NetSuite). */
export function assertionAlgorithmFor(privateKeyPem: string): ClientAssertionAlgorithm {
  let key;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    throw invalidSetting('privateKeyPem: not a readable PEM private key');
  }
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') return 'PS256';
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return 'ES256';
    if (curve === 'secp384r1') return 'ES384';
    if (curve === 'secp521r1') return 'ES512';
  }
  throw invalidSetting(
    `privateKeyPem: a ${key.asymmetricKeyType ?? 'unknown'} key cannot sign a NetSuite client assertion`,
  );
}

export function oauth2TokenUrl(config: NetSuiteConfig): string {
  return config.tokenUrl ?? `${restRoot(config)}/auth/oauth2/v1/token`;
}

/** OAuth 2.0 M2M: client credentials with a JWT assertion (`kid` = certificate id), 60-minute tokens, no refresh token. */
export function createOAuth2Auth(
  config: NetSuiteConfig,
  secrets: NetSuiteSecrets,
  http: HttpClient,
  clock?: () => number,
): OAuth2Auth {
  const privateKeyPem = secrets.privateKeyPem ?? '';
  const algorithm = config.assertionAlgorithm ?? assertionAlgorithmFor(privateKeyPem);
  const fetchToken = clientCredentialsJwtGrant({
    tokenUrl: oauth2TokenUrl(config),
    clientId: config.clientId ?? '',
    keyId: config.certificateId ?? '',
    privateKeyPem,
    algorithm: algorithm as ClientAssertionAlgorithm,
    scope: config.scopes,
    http,
    ...(clock === undefined ? {} : { clock }),
  });
  return {
    kind: 'oauth2',
    tokens: createTokenCache({ fetchToken, ...(clock === undefined ? {} : { clock }) }),
  };
}
