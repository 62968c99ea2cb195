import { useQuery } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken } from './api';

export type WorkspaceMembership = {
  id: string;
  name: string;
  slug: string;
  role: 'owner' | 'member' | 'viewer';
};

/** `GET /v1/auth/session`: who is signed in, their workspaces, and the CSRF token for writes. */
export type Session = {
  user: { id: string; email: string; name: string };
  workspace: WorkspaceMembership | null;
  workspaces: WorkspaceMembership[];
  csrfToken: string;
};

export const SESSION_KEY = ['session'] as const;

export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async ({ signal }) => {
      const session = await api.get<Session>('/v1/auth/session', signal);
      setCsrfToken(session.csrfToken);
      return session;
    },
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    staleTime: 5 * 60_000,
  });
}

export function isUnauthenticated(error: unknown) {
  return error instanceof ApiError && error.status === 401;
}
