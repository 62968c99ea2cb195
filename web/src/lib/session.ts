import { useQuery } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken } from './api';

export type Me = {
  workspace: { id: string; name: string; slug: string };
  role: 'owner' | 'member' | 'viewer';
  actor: { type: string; id: string | null };
  user: { id: string; email: string; name: string } | null;
  csrfToken?: string;
};

const CSRF_KEY = 'iofold.csrf';

/** Keeps the CSRF token from login for this browser; the cookie itself stays HttpOnly. */
export function rememberCsrf(token: string | null) {
  setCsrfToken(token);
  try {
    if (token) {
      localStorage.setItem(CSRF_KEY, token);
    } else {
      localStorage.removeItem(CSRF_KEY);
    }
  } catch {
    // storage blocked: the token lives in memory for this tab
  }
}

export function restoreCsrf() {
  try {
    setCsrfToken(localStorage.getItem(CSRF_KEY));
  } catch {
    setCsrfToken(null);
  }
}

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async ({ signal }) => {
      const me = await api.get<Me>('/v1/me', signal);
      if (me.csrfToken) {
        rememberCsrf(me.csrfToken);
      }
      return me;
    },
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    staleTime: 60_000,
  });
}

export function isUnauthenticated(error: unknown) {
  return error instanceof ApiError && error.status === 401;
}
