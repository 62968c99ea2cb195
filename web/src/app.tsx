import { type ComponentType, lazy, Suspense } from 'react';
import { Shell } from './components/shell';
import { Empty, ErrorState, Loading, NotFound } from './components/states';
import { matchPath, useLocation } from './lib/router';
import { isUnauthenticated, useSession } from './lib/session';
import { LoginScreen } from './screens/login';

type Screen = ComponentType<{ params: Record<string, string> }>;

// Each screen is its own chunk: the first screen ships only the shell and what it needs.
const routes: { path: string; screen: Screen }[] = [
  { path: '/', screen: lazy(() => import('./screens/home')) },
  { path: '/traces', screen: lazy(() => import('./screens/traces')) },
  { path: '/traces/:id', screen: lazy(() => import('./screens/trace-detail')) },
  { path: '/review', screen: lazy(() => import('./screens/review')) },
  { path: '/queues', screen: lazy(() => import('./screens/queues')) },
  { path: '/sessions', screen: lazy(() => import('./screens/sessions')) },
  { path: '/agents', screen: lazy(() => import('./screens/agents')) },
  { path: '/tasks', screen: lazy(() => import('./screens/tasks')) },
  { path: '/tasksets', screen: lazy(() => import('./screens/tasksets')) },
  { path: '/tasksets/:id', screen: lazy(() => import('./screens/taskset-detail')) },
  { path: '/playground', screen: lazy(() => import('./screens/playground')) },
  { path: '/playground/:id', screen: lazy(() => import('./screens/playground')) },
  { path: '/runs', screen: lazy(() => import('./screens/runs')) },
  // before /runs/:id, which would take 'compare' for an id
  { path: '/runs/compare', screen: lazy(() => import('./screens/run-compare')) },
  { path: '/runs/:id', screen: lazy(() => import('./screens/run-detail')) },
  { path: '/optimize', screen: lazy(() => import('./screens/optimize')) },
  { path: '/optimize/:id', screen: lazy(() => import('./screens/optimize-detail')) },
  { path: '/evals', screen: lazy(() => import('./screens/evals')) },
  { path: '/matrix', screen: lazy(() => import('./screens/matrix')) },
  { path: '/jobs', screen: lazy(() => import('./screens/jobs')) },
  { path: '/import', screen: lazy(() => import('./screens/import')) },
  { path: '/monitoring', screen: lazy(() => import('./screens/monitoring')) },
  { path: '/settings', screen: lazy(() => import('./screens/settings')) },
];

function resolve(pathname: string) {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) {
      return { Screen: route.screen, params };
    }
  }
  return null;
}

export function App() {
  const { pathname } = useLocation();
  const session = useSession();
  if (isUnauthenticated(session.error)) {
    return <LoginScreen />;
  }
  if (session.isPending) {
    return <Loading label="Signing in…" />;
  }
  if (session.isError) {
    return <ErrorState error={session.error} retry={() => void session.refetch()} />;
  }
  if (!session.data.workspace) {
    return (
      <Empty title="No workspace">
        You are not a member of any workspace yet. Ask an owner to add you.
      </Empty>
    );
  }
  const match = resolve(pathname);
  return (
    <Shell session={session.data}>
      <Suspense fallback={<Loading />}>
        {match ? <match.Screen params={match.params} /> : <NotFound />}
      </Suspense>
    </Shell>
  );
}
