import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UIMessage } from 'ai';
import { api } from './api';
import type { Page } from './types';

export type SessionTool = { name: string; description: string | null; mode: string };
export type PlaygroundSession = {
  id: string;
  agentId: string | null;
  agentVersionId: string | null;
  draftPrompt: string | null;
  prompt: string;
  variables: Record<string, string>;
  tools: SessionTool[];
  messages: UIMessage[];
  traceId: string | null;
  status: 'idle' | 'streaming' | 'closed';
};
export type SessionListItem = {
  id: string;
  agentId: string | null;
  status: string;
  updatedAt: string;
};

const path = (id: string, rest = '') => `/v1/playground/sessions/${encodeURIComponent(id)}${rest}`;
export const chatPath = (id: string) => path(id, '/chat');
export const sessionHref = (id: string) => `/playground/${encodeURIComponent(id)}`;

export function useSessions() {
  return useQuery({
    queryKey: ['playground', 'list'],
    queryFn: ({ signal }) => api.get<Page<SessionListItem>>('/v1/playground/sessions', signal),
  });
}

export function usePlaygroundSession(id: string) {
  return useQuery({
    queryKey: ['playground', 'session', id],
    queryFn: ({ signal }) => api.get<PlaygroundSession>(path(id), signal),
    // the chat hook owns the messages once loaded; a refetch would reset its state
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useCreateSession() {
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.post<PlaygroundSession>('/v1/playground/sessions', body),
  });
}

export function useOpenTrace() {
  return useMutation({
    mutationFn: (body: { traceId: string; step: number }) =>
      api.post<PlaygroundSession>('/v1/playground/sessions/from-trace', body),
  });
}

export function useUpdateSession(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.patch<PlaygroundSession>(path(id), body),
    onSuccess: (session) => client.setQueryData(['playground', 'session', id], session),
  });
}

export function useSaveVersion(id: string) {
  return useMutation({
    mutationFn: () => api.post<{ id: string; version: number }>(path(id, '/save-version')),
  });
}
