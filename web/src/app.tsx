import { type ComponentType, lazy, Suspense } from 'react';
import { Shell } from './components/shell';
import { ErrorState, Loading, NotFound } from './components/states';
import { matchPath, useLocation } from './lib/router';
import { isUnauthenticated, useMe } from './lib/session';
import { LoginScreen } from './screens/login';

type Screen = ComponentType<{ params: Record<string, string> }>;

// Each screen is its own chunk: the first screen ships only the shell and what it needs.
const routes: { path: string; screen: Screen }[] = [
  { path: '/', screen: lazy(() => import('./screens/home')) },
  { path: '/traces', screen: lazy(() => import('./screens/traces')) },
  { path: '/traces/:id', screen: lazy(() => import('./screens/trace-detail')) },
  { path: '/review', screen: lazy(() => import('./screens/review')) },
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
  const me = useMe();
  if (pathname === '/login' || isUnauthenticated(me.error)) {
    return <LoginScreen />;
  }
  if (me.isPending) {
    return <Loading label="Signing in…" />;
  }
  if (me.isError) {
    return <ErrorState error={me.error} retry={() => void me.refetch()} />;
  }
  const match = resolve(pathname);
  return (
    <Shell me={me.data}>
      <Suspense fallback={<Loading />}>
        {match ? <match.Screen params={match.params} /> : <NotFound />}
      </Suspense>
    </Shell>
  );
}
