import { useQuery } from '@tanstack/react-query';
import type { InferRequestType, InferResponseType } from 'hono/client';
import type { ApiClient } from '@/api/client';
import { api, qs } from './api';
import type { Page } from './types';
import { useWrite } from './use-write';

type Routes = ApiClient['v1']['tasksets'];
export type Taskset = InferResponseType<Routes['$get'], 200>['data'][number];
export type TasksetDetail = InferResponseType<Routes[':id']['$get'], 200>;
export type TasksetTask = InferResponseType<Routes[':id']['tasks']['$get'], 200>['data'][number];
export type TasksetWriteResult = InferResponseType<Routes['$post'], 201>;
export type NewTask = InferRequestType<Routes['$post']>['json']['tasks'] extends
  | (infer T)[]
  | undefined
  ? T
  : never;
export type CreateTaskset = InferRequestType<Routes['$post']>['json'];
export type ImportTau2 = InferRequestType<Routes['import']['tau2']['$post']>['json'];
export type FromTraces = InferRequestType<Routes['from-traces']['$post']>['json'];
export type SplitRequest = InferRequestType<Routes[':id']['split']['$post']>['json'];
export type Split = NonNullable<TasksetTask['split']>;

export const SPLIT_NAMES: Record<Split, string> = {
  train: 'train',
  val: 'validation',
  test: 'test',
};

const path = (id: string, rest = '') => `/v1/tasksets/${encodeURIComponent(id)}${rest}`;

export function useTasksets(agentId: string | null) {
  return useQuery({
    queryKey: ['tasksets', 'list', agentId],
    enabled: Boolean(agentId),
    queryFn: ({ signal }) =>
      api.get<Page<Taskset>>(`/v1/tasksets${qs({ agentId: agentId ?? '' })}`, signal),
  });
}

export function useTaskset(id: string) {
  return useQuery({
    queryKey: ['tasksets', 'detail', id],
    queryFn: ({ signal }) => api.get<TasksetDetail>(path(id), signal),
  });
}

export function useTasksetTasks(id: string) {
  return useQuery({
    queryKey: ['tasksets', 'tasks', id],
    queryFn: ({ signal }) => api.get<Page<TasksetTask>>(path(id, '/tasks'), signal),
  });
}

/** Every taskset write: on success the taskset queries refetch and `onDone` gets the result. */
const useTasksetWrite = <In, Out>(send: (input: In) => Promise<Out>, onDone?: (out: Out) => void) =>
  useWrite(['tasksets'], send, onDone);

export function useCreateTaskset(onDone?: (r: TasksetWriteResult) => void) {
  return useTasksetWrite(
    (input: CreateTaskset) => api.post<TasksetWriteResult>('/v1/tasksets', input),
    onDone,
  );
}

export function useCreateFromTraces(onDone?: (r: TasksetWriteResult) => void) {
  return useTasksetWrite(
    (input: FromTraces) => api.post<TasksetWriteResult>('/v1/tasksets/from-traces', input),
    onDone,
  );
}

export function useImportTau2(onDone?: (r: TasksetWriteResult) => void) {
  return useTasksetWrite(
    (input: ImportTau2) => api.post<TasksetWriteResult>('/v1/tasksets/import/tau2', input),
    onDone,
  );
}

export function useSplitTaskset(id: string, onDone?: (t: Taskset) => void) {
  return useTasksetWrite(
    (input: SplitRequest) => api.post<Taskset>(path(id, '/split'), input),
    onDone,
  );
}

export function useAddTasks(id: string, onDone?: (r: TasksetWriteResult) => void) {
  return useTasksetWrite(
    (tasks: NewTask[]) => api.post<TasksetWriteResult>(path(id, '/tasks'), { tasks }),
    onDone,
  );
}

export function useRemoveTasks(id: string, onDone?: (t: Taskset) => void) {
  return useTasksetWrite(
    (taskIds: string[]) => api.post<Taskset>(path(id, '/tasks/remove'), { taskIds }),
    onDone,
  );
}

export function useRenameTaskset(id: string, onDone?: (t: Taskset) => void) {
  return useTasksetWrite(
    (input: { name?: string; description?: string }) => api.patch<Taskset>(path(id), input),
    onDone,
  );
}

/** Where a taskset write leaves the user: the version it wrote (a frozen one's edit is new). */
export const tasksetHref = (id: string) => `/tasksets/${encodeURIComponent(id)}`;
