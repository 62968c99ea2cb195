import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from './api';
import type { EvalVersion } from './types';

export function useEvalVersions(agentId: string | null) {
  return useQuery({
    queryKey: ['evals', agentId],
    enabled: Boolean(agentId),
    queryFn: ({ signal }) =>
      api.get<{ data: EvalVersion[] }>(`/v1/evals${qs({ agentId })}`, signal),
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

export function useEvalAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) =>
      api.post<{ jobId?: string; id?: string }>(path, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['evals'] });
      void queryClient.invalidateQueries({ queryKey: ['jobs'] });
    },
  });
}
