import type { Role } from '@flowsync/store';

/** Who is calling: set on every authenticated request by the auth plugin. */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  role: Role;
  /** How the caller authenticated: a browser session cookie, or an API token (automation). */
  via: 'session' | 'token';
}

export const ROLES: readonly Role[] = ['admin', 'integrator', 'analyst', 'viewer'];
