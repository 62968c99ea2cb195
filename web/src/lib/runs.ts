import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { InferRequestType, InferResponseType } from 'hono/client';
import type { ApiClient } from '@/api/client';
import { api, qs } from './api';
import type { Page } from './types';
import { useWrite } from './use-write';

type Routes = ApiClient['v1']['taskset-runs'];
export type TasksetRun = InferResponseType<Routes[':id']['$get'], 200>;
export type TaskResult = InferResponseType<Routes[':id']['results']['$get'], 200>['data'][number];
export type RunComparison = InferResponseType<Routes['compare']['$get'], 200>;
export type NewRun = InferRequestType<Routes['$post']>['json'];

/** A run still moving: its views poll while it is. */
export const isLive = (status: string | undefined) => status === 'queued' || status === 'running';
/** Statuses the API resumes (a stopped run hit its cost ceiling). */
export const canResume = (status: string) => ['cancelled', 'stopped', 'failed'].includes(status);

const path = (id: string, rest = '') => `/v1/taskset-runs/${encodeURIComponent(id)}${rest}`;
const POLL_MS = 1000;

export function useRuns() {
  return useQuery({
    queryKey: ['runs', 'list'],
    queryFn: ({ signal }) =>
      api.get<Page<TasksetRun>>(`/v1/taskset-runs${qs({ limit: 100 })}`, signal),
    staleTime: 0,
    refetchInterval: (q) => (q.state.data?.data.some((r) => isLive(r.status)) ? POLL_MS : false),
  });
}

export function useRun(id: string) {
  return useQuery({
    queryKey: ['runs', 'detail', id],
    queryFn: ({ signal }) => api.get<TasksetRun>(path(id), signal),
    staleTime: 0,
    refetchInterval: (q) => (isLive(q.state.data?.status) ? POLL_MS : false),
  });
}

/**
 * Results per task, polled while the run goes (rollouts appear as they finish). Keyed by the run's
 * status, so the aggregates written as it ends are read once more after the last poll.
 */
export function useRunResults(id: string | null, status?: string) {
  return useQuery({
    queryKey: ['runs', 'results', id, status],
    enabled: id !== null,
    queryFn: ({ signal }) => api.get<Page<TaskResult>>(path(id ?? '', '/results'), signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
    refetchInterval: isLive(status) ? POLL_MS : false,
  });
}

export function useRunComparison(a: string | null, b: string | null) {
  return useQuery({
    queryKey: ['runs', 'compare', a, b],
    enabled: Boolean(a && b),
    queryFn: ({ signal }) =>
      api.get<RunComparison>(`/v1/taskset-runs/compare${qs({ a, b })}`, signal),
    staleTime: 0,
  });
}

/** Every run write (create, cancel, resume): the run and job queries refetch. */
const useRunWrite = <In>(
  send: (input: In) => Promise<TasksetRun>,
  onDone?: (run: TasksetRun) => void,
) => useWrite(['runs', 'jobs'], send, onDone);

export const useStartRun = (onDone?: (run: TasksetRun) => void) =>
  useRunWrite((input: NewRun) => api.post<TasksetRun>('/v1/taskset-runs', input), onDone);

export const useCancelRun = (id: string) =>
  useRunWrite(() => api.post<TasksetRun>(path(id, '/cancel')));

export const useResumeRun = (id: string) =>
  useRunWrite((input: { maxCostUsd?: number }) => api.post<TasksetRun>(path(id, '/resume'), input));

export const runHref = (id: string) => `/runs/${encodeURIComponent(id)}`;
export const compareHref = (a: string, b: string) => `/runs/compare${qs({ a, b })}`;

/** `$0.0123` for small costs, `$12.50` for large ones. */
export function formatUsd(x: number | null | undefined) {
  if (x === null || x === undefined) {
    return '—';
  }
  return `$${x < 1 ? x.toFixed(4) : x.toFixed(2)}`;
}

/** A p-value as people read it: `0.50`, `0.031`, `< 0.001`. */
export function formatP(p: number) {
  return p < 0.001 ? '< 0.001' : p < 0.1 ? p.toFixed(3) : p.toFixed(2);
}
