import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, qs } from './api';
import type { Job, Page } from './types';

export function useJobList(filters: { status: string; type: string }) {
  return useInfiniteQuery({
    queryKey: ['jobs', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Job>>(`/v1/jobs${qs({ ...filters, cursor: pageParam, limit: 50 })}`, signal),
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Refreshes job lists when any job of the workspace changes (the workspace event stream). */
export function useWorkspaceJobEvents() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const source = new EventSource('/v1/jobs/events');
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      timer ??= setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries({ queryKey: ['jobs'] });
      }, 500);
    };
    for (const kind of ['queued', 'started', 'progress', 'succeeded', 'failed', 'cancelled']) {
      source.addEventListener(kind, refresh);
    }
    return () => {
      source.close();
      if (timer) {
        clearTimeout(timer);
      }
    };
  }, [queryClient]);
}
