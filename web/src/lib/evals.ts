import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from './api';
import type {
  EvalComparison,
  EvalVersion,
  EvalVersionDetail,
  ExportedFiles,
  QueuedJob,
} from './eval-types';
import type { Page } from './types';

const enc = encodeURIComponent;

/** `poll`: refetch every few seconds (while a job that adds versions runs). */
export function useEvalVersions(agentId: string | null, poll = false) {
  return useQuery({
    queryKey: ['evals', agentId],
    enabled: Boolean(agentId),
    refetchInterval: poll ? 3000 : false,
    queryFn: ({ signal }) =>
      api.get<Page<EvalVersion>>(`/v1/agents/${enc(agentId ?? '')}/evals`, signal),
  });
}

export function useEvalVersion(id: string | null, poll = false) {
  return useQuery({
    queryKey: ['eval', id],
    enabled: Boolean(id),
    refetchInterval: poll ? 3000 : false,
    queryFn: ({ signal }) => api.get<EvalVersionDetail>(`/v1/evals/${enc(id ?? '')}`, signal),
  });
}

export function useEvalComparison(a: string | null, b: string | null) {
  return useQuery({
    queryKey: ['eval-compare', a, b],
    enabled: Boolean(a && b),
    queryFn: ({ signal }) => api.get<EvalComparison>(`/v1/evals/compare${qs({ a, b })}`, signal),
  });
}

/** Versions grouped by eval name, newest version first. */
export function groupByName(versions: EvalVersion[]): [string, EvalVersion[]][] {
  const groups = new Map<string, EvalVersion[]>();
  for (const v of versions) {
    groups.set(v.name, [...(groups.get(v.name) ?? []), v]);
  }
  return [...groups.entries()].map(([name, list]) => [
    name,
    list.sort((a, b) => b.version - a.version),
  ]);
}

export type EvalVerb = 'activate' | 'rollback' | 'archive' | 'run' | 'refine';

/** The version actions; run and refine answer a queued job, the rest the changed version. */
export function useEvalAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, verb }: { id: string; verb: EvalVerb }) =>
      api.post<Partial<QueuedJob> & Partial<EvalVersion> & { runJobId?: string | null }>(
        `/v1/evals/${enc(id)}/${verb}`,
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['evals'] });
      void queryClient.invalidateQueries({ queryKey: ['eval'] });
      void queryClient.invalidateQueries({ queryKey: ['jobs'] });
    },
  });
}

export function useGenerateEval(agentId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { force?: boolean } = {}) =>
      api.post<QueuedJob>(
        `/v1/agents/${enc(agentId ?? '')}/evals/generate`,
        input.force ? { force: true } : {},
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['jobs'] }),
  });
}

export function useEvalExport(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['eval-export', id],
    enabled,
    queryFn: ({ signal }) => api.get<ExportedFiles>(`/v1/evals/${enc(id)}/export`, signal),
  });
}
