// Who is signed in. The session lives in an HttpOnly cookie; this store holds the user and the CSRF
// token the server handed out, and opens the live connection while someone is signed in.
import { create } from 'zustand';
import type { SessionUser, UserRole } from '@flowsync/contracts';
import { api } from '../api/client.ts';
import { ApiError, onSessionLost, setCsrfToken } from '../api/http.ts';
import { live } from '../api/live.ts';

type SessionStatus = 'loading' | 'signedOut' | 'signedIn';

interface SessionState {
  status: SessionStatus;
  user: SessionUser | undefined;
  /** Restores the session from the cookie, if there is one. */
  load(): Promise<void>;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

export const useSession = create<SessionState>()((set) => {
  const signedIn = (user: SessionUser, csrfToken: string | undefined) => {
    setCsrfToken(csrfToken);
    live.start();
    set({ status: 'signedIn', user });
  };
  const signedOut = () => {
    setCsrfToken(undefined);
    live.stop();
    set({ status: 'signedOut', user: undefined });
  };
  onSessionLost(signedOut);
  return {
    status: 'loading',
    user: undefined,
    async load() {
      try {
        const me = await api.auth.me();
        signedIn(me.user, me.csrfToken);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) signedOut();
        else throw error;
      }
    },
    async signIn(email, password) {
      const { user, csrfToken } = await api.auth.login(email, password);
      signedIn(user, csrfToken);
    },
    async signOut() {
      try {
        await api.auth.logout();
      } finally {
        signedOut();
      }
    },
  };
});

/**
 * What each role may do in the UI, mirroring the server's rules (the server enforces them; the UI only
 * avoids offering what would be refused).
 */
export interface Permissions {
  role: UserRole;
  /** Create flows, edit every node, save versions, restore. */
  editFlows: boolean;
  /** Edit qualification criteria (and their description) only. */
  editCriteria: boolean;
  /** Switch flows on and off. */
  enableFlows: boolean;
  /** Run now, sync selected records, cancel runs. */
  operateRuns: boolean;
  /** Edit, retry and resolve record errors. */
  handleErrors: boolean;
}

export function permissionsOf(role: UserRole): Permissions {
  const admin = role === 'admin';
  const integrator = role === 'integrator';
  return {
    role,
    editFlows: admin || integrator,
    editCriteria: admin || integrator || role === 'analyst',
    enableFlows: admin,
    operateRuns: admin || integrator,
    handleErrors: admin || integrator,
  };
}

/** The signed-in user's permissions (a signed-out caller may do nothing). */
export function usePermissions(): Permissions {
  const role = useSession((s) => s.user?.role ?? 'viewer');
  return permissionsOf(role);
}
