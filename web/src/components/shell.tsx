import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api } from '../lib/api';
import { Link, useLocation } from '../lib/router';
import type { Session } from '../lib/session';
import { setTheme, useTheme } from '../lib/theme';
import { Icon, type IconName } from './icons';
import { WorkspaceSwitcher } from './workspace-switcher';

export const NAV: { to: string; label: string; icon: IconName }[] = [
  { to: '/', label: 'Home', icon: 'home' },
  { to: '/traces', label: 'Traces', icon: 'traces' },
  { to: '/sessions', label: 'Sessions', icon: 'sessions' },
  { to: '/review', label: 'Review', icon: 'review' },
  { to: '/queues', label: 'Queues', icon: 'queues' },
  { to: '/agents', label: 'Agents', icon: 'agents' },
  { to: '/tasks', label: 'Tasks', icon: 'tasks' },
  { to: '/tasksets', label: 'Tasksets', icon: 'tasksets' },
  { to: '/playground', label: 'Playground', icon: 'tasks' },
  { to: '/runs', label: 'Runs', icon: 'runs' },
  { to: '/optimize', label: 'Optimize', icon: 'runs' },
  { to: '/evals', label: 'Evals', icon: 'evals' },
  { to: '/matrix', label: 'Matrix', icon: 'matrix' },
  { to: '/jobs', label: 'Jobs', icon: 'jobs' },
  { to: '/monitoring', label: 'Monitoring', icon: 'monitoring' },
  { to: '/settings', label: 'Settings', icon: 'settings' },
];

function isActive(pathname: string, to: string) {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

export function Shell({ session, children }: { session: Session; children: ReactNode }) {
  const queryClient = useQueryClient();
  const logout = useMutation({
    mutationFn: () => api.post('/v1/auth/logout'),
    // Clearing the cache alone left the signed-out screen showing: load the sign-in page afresh.
    onSettled: () => {
      queryClient.clear();
      window.location.assign('/');
    },
  });
  const { pathname } = useLocation();
  const theme = useTheme();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Main">
        <div className="sidebar-top">
          <div className="brand">
            <span className="logo" aria-hidden="true">
              io
            </span>
            iofold
          </div>
          <WorkspaceSwitcher session={session} />
        </div>
        <div className="nav">
          {NAV.map((item) => (
            <Link
              key={item.to}
              to={item.to}
              aria-current={isActive(pathname, item.to) ? 'page' : undefined}
            >
              <Icon name={item.icon} />
              {item.label}
            </Link>
          ))}
        </div>
        <div className="sidebar-bottom">
          <span className="muted truncate" style={{ flex: 1 }} title={session.user.email}>
            {session.user.name || session.user.email}
          </span>
          <button
            type="button"
            className="btn ghost icon"
            onClick={() => logout.mutate()}
            aria-label="Sign out"
            title="Sign out"
          >
            <Icon name="logout" />
          </button>
          <button
            type="button"
            className="btn ghost icon"
            onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
            aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
            title="Toggle theme"
          >
            <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
          </button>
        </div>
      </nav>
      <main className="main" id="main">
        {children}
      </main>
    </div>
  );
}

export function PageHeader({ children }: { children: ReactNode }) {
  return <header className="page-header">{children}</header>;
}
