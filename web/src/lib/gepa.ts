import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { useEffect } from 'react';
import type { ApiClient } from '@/api/client';
import { api, qs } from './api';
import { isLive } from './runs';
import type { Page } from './types';
import { useWrite } from './use-write';

type Routes = ApiClient['v1']['gepa-runs'];
export type GepaRun = InferResponseType<Routes[':id']['$get'], 200>;
export type GepaCandidate = GepaRun['candidates'][number];
export type NewGepaRun = InferRequestType<Routes['$post']>['json'];

/** Statuses the API resumes (a paused run hit failures that retries did not cure). */
export const canResumeGepa = (status: string) => ['cancelled', 'paused', 'failed'].includes(status);

/** The pool's best candidate on validation, if it has one yet. */
export const bestCandidate = (run: GepaRun) =>
  run.best === null ? undefined : run.candidates[run.best];

/** Where the run is, in words: its stage while it goes, why it stopped once done. */
export const gepaStage = (run: GepaRun) =>
  run.stopReason ? `done (${run.stopReason})` : run.stage;

const path = (id: string, rest = '') => `/v1/gepa-runs/${encodeURIComponent(id)}${rest}`;
export const gepaRunHref = (id: string) => `/optimize/${encodeURIComponent(id)}`;

export function useGepaRuns(agentId: string | null) {
  return useQuery({
    queryKey: ['gepa', 'list', agentId],
    queryFn: ({ signal }) =>
      api.get<Page<GepaRun>>(`/v1/gepa-runs${qs({ agentId: agentId ?? undefined })}`, signal),
    staleTime: 0,
    refetchInterval: (q) => (q.state.data?.data.some((r) => isLive(r.status)) ? 2000 : false),
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
 * Follows the run's Server-Sent Events while it is live: every `progress` frame (a new stage,
 * status or spend) and the `end` frame refetch the run, so the page shows the server's run only.
 */
export function useGepaStream(id: string, live: boolean) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!live) {
      return;
    }
    const source = new EventSource(path(id, '/events'));
    const refetch = () => void queryClient.invalidateQueries({ queryKey: ['gepa'] });
    source.addEventListener('progress', refetch);
    source.addEventListener('end', () => {
      source.close();
      refetch();
    });
    return () => source.close();
  }, [id, live, queryClient]);
}

const useGepaWrite = <In>(send: (input: In) => Promise<GepaRun>, onDone?: (run: GepaRun) => void) =>
  useWrite(['gepa'], send, onDone);

export const useStartGepaRun = (onDone?: (run: GepaRun) => void) =>
  useGepaWrite((input: NewGepaRun) => api.post<GepaRun>('/v1/gepa-runs', input), onDone);
export const useCancelGepaRun = (id: string) =>
  useGepaWrite(() => api.post<GepaRun>(path(id, '/cancel')));
export const useResumeGepaRun = (id: string) =>
  useGepaWrite(() => api.post<GepaRun>(path(id, '/resume')));
