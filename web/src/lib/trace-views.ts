import { useQuery } from '@tanstack/react-query';
import type { ReviewQueueView } from '@/feedback/queues/get-review-queue';
import type { ReviewQueueItemView } from '@/feedback/queues/list-review-queue-items';
import type { ReviewQueueSummary } from '@/feedback/queues/review-queue-view';
import type { TraceGroups } from '@/traces/query/trace-groups';
import type { SavedViewView } from '@/traces/views/saved-views';
import { api, qs } from './api';
import type { Page } from './types';

export type { ReviewQueueItemView, ReviewQueueSummary, ReviewQueueView, SavedViewView };

export function useSavedViews() {
  return useQuery({
    queryKey: ['saved-views'],
    queryFn: ({ signal }) => api.get<Page<SavedViewView>>('/v1/saved-views', signal),
  });
}

export function useTraceGroups(by: 'session' | 'user', agentId: string | null) {
  return useQuery({
    queryKey: ['trace-groups', by, agentId],
    queryFn: ({ signal }) =>
      api.get<TraceGroups>(`/v1/trace-groups${qs({ by, agentId, limit: 500 })}`, signal),
  });
}

/**
 * Progress and agreement change as teammates label elsewhere: read again on every visit (not the
 * app's 15 s freshness) and every 10 s while shown.
 */
const LIVE = { staleTime: 0, refetchInterval: 10_000 } as const;

export function useReviewQueues(agentId: string | null) {
  return useQuery({
    ...LIVE,
    queryKey: ['review-queues', agentId],
    queryFn: ({ signal }) =>
      api.get<Page<ReviewQueueSummary>>(`/v1/review-queues${qs({ agentId })}`, signal),
  });
}

export function useReviewQueue(id: string | null) {
  return useQuery({
    ...LIVE,
    queryKey: ['review-queue-detail', id],
    enabled: id !== null,
    queryFn: ({ signal }) =>
      api.get<ReviewQueueView>(`/v1/review-queues/${encodeURIComponent(id ?? '')}`, signal),
  });
}

/** My items of a queue (assigned to me or to anyone), in queue order: a snapshot at arrival. */
export function useMyQueueItems(id: string | null) {
  return useQuery({
    queryKey: ['review-queue-items', id],
    enabled: id !== null,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: ({ signal }) =>
      api.get<Page<ReviewQueueItemView>>(
        `/v1/review-queues/${encodeURIComponent(id ?? '')}/items?assignee=me`,
        signal,
      ),
  });
}

/** `model,customer_tier` in the URL's `cols` as a list. */
export function columnsFromSearch(search: URLSearchParams): string[] {
  return (search.get('cols') ?? '').split(',').filter(Boolean);
}

/** A metadata value as one line of text. */
export function formatMeta(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  return Array.isArray(value)
    ? value.join(', ')
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
}
