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
  modelConfig: Record<string, unknown>;
  toolBindings: Record<string, string>;
  variables: Record<string, string>;
  tools: SessionTool[];
  messages: UIMessage[];
  traceId: string | null;
  status: 'idle' | 'streaming' | 'closed';
  /** The lints of a prompt edit (PATCH answers only). */
  lints?: LintFinding[];
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

export type Check = { ok: boolean; message?: string };
export type PromptIteration = {
  id: string;
  source: 'gepa' | 'improve' | 'manual';
  text: string;
  status: 'proposed' | 'running' | 'rejected' | 'evaluated' | 'promoted';
  changeSummary: { diff: string; reason: string } | null;
  guardResults: Record<string, Check>;
  createdAt: string;
};
export type LintFinding = { lint: string; message: string; practiceId?: string };
export type ImproveResult = {
  iteration: PromptIteration;
  lints: LintFinding[];
  traceIds: string[];
  rules: { id: string; title: string }[];
};
export type SessionRun = {
  id: string;
  status: string;
  progress: { planned: number; done: number };
  summary: Record<string, number>;
};

export function useImprove(id: string) {
  return useMutation({
    mutationFn: (body: { notes?: string }) => api.post<ImproveResult>(path(id, '/improve'), body),
  });
}

export function useRunOnTaskset(id: string) {
  return useMutation({
    mutationFn: (body: { tasksetId: string; split?: string; iterationId?: string }) =>
      api.post<SessionRun>(path(id, '/taskset-runs'), body),
  });
}

/** A taskset run, polled until it ends. */
export function useTasksetRun(runId: string | null) {
  return useQuery({
    queryKey: ['taskset-run', runId],
    enabled: runId !== null,
    queryFn: ({ signal }) =>
      api.get<SessionRun>(`/v1/taskset-runs/${encodeURIComponent(runId ?? '')}`, signal),
    refetchInterval: (q) =>
      ['succeeded', 'failed', 'cancelled', 'stopped'].includes(q.state.data?.status ?? '')
        ? false
        : 500,
  });
}
