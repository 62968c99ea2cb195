import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { useEffect, useState } from 'react';
import type { ApiClient } from '@/api/client';
import { api, qs } from './api';
import type { Page } from './types';

type Routes = ApiClient['v1']['gepa-runs'];
export type GepaRun = InferResponseType<Routes[':id']['$get'], 200>;
export type GepaCandidate = GepaRun['candidates'][number];
export type NewGepaRun = InferRequestType<Routes['$post']>['json'];
/** What a `progress` frame of the run's event stream carries. */
export type GepaProgress = {
  status: string;
  stage: string;
  iteration: number;
  usedRollouts: number;
  budgetRollouts: number;
  candidates: number;
  bestValAverage: number;
  lastOutcome: string | null;
};

export const isGepaLive = (status: string | undefined) =>
  status === 'queued' || status === 'running';
export const canResumeGepa = (status: string) => ['cancelled', 'paused', 'failed'].includes(status);

const path = (id: string, rest = '') => `/v1/gepa-runs/${encodeURIComponent(id)}${rest}`;
export const gepaRunHref = (id: string) => `/optimize/${encodeURIComponent(id)}`;

export function useGepaRuns(agentId: string | null) {
  return useQuery({
    queryKey: ['gepa', 'list', agentId],
    queryFn: ({ signal }) =>
      api.get<Page<GepaRun>>(`/v1/gepa-runs${qs({ agentId: agentId ?? undefined })}`, signal),
    staleTime: 0,
    refetchInterval: (q) => (q.state.data?.data.some((r) => isGepaLive(r.status)) ? 2000 : false),
  });
}

export function useGepaRun(id: string) {
  return useQuery({
    queryKey: ['gepa', 'detail', id],
    queryFn: ({ signal }) => api.get<GepaRun>(path(id), signal),
    staleTime: 0,
  });
}

/**
 * Follows the run's Server-Sent Events while it is live: keeps the last progress frame and
 * refetches the run on every frame (a new stage may add a candidate) and at the end.
 */
export function useGepaStream(id: string, live: boolean) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<GepaProgress | null>(null);
  useEffect(() => {
    if (!live) {
      return;
    }
    const source = new EventSource(path(id, '/events'));
    const refetch = () => void queryClient.invalidateQueries({ queryKey: ['gepa'] });
    source.addEventListener('progress', (event) => {
      setProgress(JSON.parse((event as MessageEvent<string>).data) as GepaProgress);
      refetch();
    });
    source.addEventListener('end', () => {
      source.close();
      refetch();
    });
    return () => source.close();
  }, [id, live, queryClient]);
  return progress;
}

function useGepaWrite<In>(send: (input: In) => Promise<GepaRun>, onDone?: (run: GepaRun) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (run) => {
      void queryClient.invalidateQueries({ queryKey: ['gepa'] });
      onDone?.(run);
    },
  });
}

export const useStartGepaRun = (onDone?: (run: GepaRun) => void) =>
  useGepaWrite((input: NewGepaRun) => api.post<GepaRun>('/v1/gepa-runs', input), onDone);
export const useCancelGepaRun = (id: string) =>
  useGepaWrite(() => api.post<GepaRun>(path(id, '/cancel')));
export const useResumeGepaRun = (id: string) =>
  useGepaWrite(() => api.post<GepaRun>(path(id, '/resume')));
