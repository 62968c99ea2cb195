import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { ApiError } from './lib/api';
import './styles.css';

function onAuthError(error: unknown) {
  if (error instanceof ApiError && error.status === 401) {
    void queryClient.invalidateQueries({ queryKey: ['session'] });
  }
}

const queryClient = new QueryClient({
  // A 401 from the session query itself must not invalidate it again (that would loop).
  queryCache: new QueryCache({
    onError: (error, query) => (query.queryKey[0] === 'session' ? undefined : onAuthError(error)),
  }),
  // A wrong password (401 from the sign-in form) must stay on the form with its message.
  mutationCache: new MutationCache({
    onError: (error, _variables, _context, mutation) =>
      mutation.meta?.signIn ? undefined : onAuthError(error),
  }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
}
