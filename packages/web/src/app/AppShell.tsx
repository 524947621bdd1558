import { useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { live, type LiveStatus } from '../api/live.ts';
import { useSession } from '../state/session.ts';
import { Icon, type IconName } from '../ui/icons.tsx';
import { IconButton } from '../ui/components.tsx';

const NAV: { href: string; label: string; icon: IconName }[] = [
  { href: '/flows', label: 'Flows', icon: 'flows' },
  { href: '/runs', label: 'Runs', icon: 'runs' },
  { href: '/errors', label: 'Error inbox', icon: 'errors' },
  { href: '/records', label: 'Record timeline', icon: 'records' },
];

const ROLE_LABEL = {
  admin: 'Admin',
  integrator: 'Integrator',
  analyst: 'Analyst',
  viewer: 'Viewer',
} as const;

export function AppShell({ children }: { children: ReactNode }) {
  const [location] = useLocation();
  const user = useSession((s) => s.user);
  const signOut = useSession((s) => s.signOut);
  const liveStatus = useLiveStatus();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="shell__sidebar" aria-label="Main">
        <Link href="/flows" className="shell__brand">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>flowsync</span>
        </Link>
        <ul className="shell__nav">
          {NAV.map((item) => {
            const active = location === item.href || location.startsWith(`${item.href}/`);
            return (
              <li key={item.href}>
                <Link href={item.href} className="shell__nav-link" aria-current={active ? 'page' : undefined}>
                  <Icon name={item.icon} />
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
        <div className="shell__footer">
          <div className="shell__live" title="Live updates from the server">
            <span className={`shell__live-dot shell__live-dot--${liveStatus}`} />
            {liveStatus === 'open'
              ? 'Live'
              : liveStatus === 'connecting'
                ? 'Connecting…'
                : 'Offline, reconnecting'}
          </div>
          {user && (
            <div className="shell__user">
              <div className="shell__avatar" aria-hidden="true">
                {initials(user.name || user.email)}
              </div>
              <div className="grow">
                <div className="shell__user-name">{user.name || user.email}</div>
                <div className="shell__user-role">{ROLE_LABEL[user.role]}</div>
              </div>
              <IconButton label="Sign out" icon="signOut" onClick={() => void signOut()} />
            </div>
          )}
        </div>
      </nav>
      <main id="main" className="shell__main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

function useLiveStatus(): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>(live.status);
  useEffect(() => live.onStatus(setStatus), []);
  return status;
}

function initials(name: string): string {
  const parts = name.split(/[\s@.]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '')).toUpperCase() || '?';
}
