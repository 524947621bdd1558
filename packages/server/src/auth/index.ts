export { authPlugin, authenticateRequest, sessionOf, CSRF_HEADER } from './auth-plugin.ts';
export { authRoutes } from './auth-routes.ts';
export { requireRole, principalOf, assertRole, roleList } from './roles.ts';
export {
  hashPassword,
  verifyPassword,
  needsRehash,
  assertPasswordPolicy,
  MIN_PASSWORD_LENGTH,
  PASSWORD_HASH_PARAMS,
  setPasswordHashParams,
  type PasswordHashParams,
} from './passwords.ts';
export { createApiToken, API_TOKEN_PREFIX } from './api-tokens.ts';
export { SESSION_COOKIE } from './sessions.ts';
export { LoginThrottle, type LoginThrottleOptions } from './login-throttle.ts';
export { ensureFirstAdmin } from './bootstrap-admin.ts';
export { ROLES, type Principal } from './principal.ts';
