import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InferResponseType } from 'hono/client';
import type { ApiClient } from '@/api/client';
import { api, qs } from './api';
import type { Page } from './types';

type Routes = ApiClient['v1']['tasks'];
export type Task = InferResponseType<Routes['$get'], 200>['data'][number];
export type TaskDetail = InferResponseType<Routes[':id']['$get'], 200>;
export type TaskCluster = InferResponseType<Routes['clusters']['$get'], 200>['data'][number];
export type SimilarTrace = TaskDetail['similar'][number];
export type LabelledRun = TaskDetail['feedback'][number];

/** The agent's clusters (runs of one task), largest first. */
export function useTaskClusters(agentId: string | null) {
  return useQuery({
    queryKey: ['tasks', 'clusters', agentId],
    enabled: Boolean(agentId),
    queryFn: ({ signal }) =>
      api.get<Page<TaskCluster>>(
        `/v1/tasks/clusters${qs({ agentId: agentId ?? '', limit: 1000 })}`,
        signal,
      ),
  });
}

/** Tasks of one cluster, or the agent's tasks written by hand (`clusterId` null). */
export function useClusterTasks(agentId: string, clusterId: string | null) {
  return useQuery({
    queryKey: ['tasks', 'list', agentId, clusterId],
    queryFn: ({ signal }) =>
      api.get<Page<Task>>(
        `/v1/tasks${qs(clusterId ? { agentId, clusterId, limit: 500 } : { agentId, source: 'manual', limit: 500 })}`,
        signal,
      ),
  });
}

export function useTask(id: string | null) {
  return useQuery({
    queryKey: ['tasks', 'detail', id],
    enabled: Boolean(id),
    queryFn: ({ signal }) =>
      api.get<TaskDetail>(`/v1/tasks/${encodeURIComponent(id ?? '')}`, signal),
  });
}

/** A trace's top-10 similar traces (for the trace view). */
export function useSimilarTraces(traceId: string) {
  return useQuery({
    queryKey: ['tasks', 'similar', traceId],
    queryFn: ({ signal }) =>
      api.get<Page<SimilarTrace>>(`/v1/tasks/similar${qs({ traceId })}`, signal),
  });
}

/** Starts a `tasks.index` job (extraction, similar traces, clusters) now. */
export function useExtractTasks() {
  return useMutation({
    mutationFn: (agentId: string) => api.post<{ jobId: string }>('/v1/tasks/extract', { agentId }),
  });
}

export function useRefreshTasks() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: ['tasks'] });
}

export const RELATION_TEXT: Record<LabelledRun['relation'], string> = {
  same_task: 'same task',
  contrast: 'contrast',
  similar: 'similar',
};
