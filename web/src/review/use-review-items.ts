import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { api, qs } from '../lib/api';
import { alternateByVerdict } from '../lib/review-order';
import { useReviewVerdicts } from '../lib/review-verdicts';
import { useMyQueueItems } from '../lib/trace-views';
import type { Page, TraceDetail, TraceListItem } from '../lib/types';

function useUnlabelledTraces(agentId: string | null) {
  // A snapshot of the unlabelled traces at arrival: labelling does not reshuffle the queue.
  return useInfiniteQuery({
    queryKey: ['review-queue', agentId],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<TraceListItem>>(
        `/v1/traces${qs({ labelled: false, agentId, cursor: pageParam, limit: 100 })}`,
        signal,
      ),
    getNextPageParam: (last) => last.nextCursor,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * The traces to review in order: my items of a review queue, or else the agent's unlabelled
 * traces alternating by the active eval's verdict.
 */
export function useReviewItems(agentId: string | null, queueId: string | null) {
  const unlabelled = useUnlabelledTraces(queueId ? null : agentId);
  const queueItems = useMyQueueItems(queueId);
  const review = useReviewVerdicts(agentId);
  const ids = useMemo(() => {
    if (queueId) {
      // a queue keeps its own order: my items not labelled yet when the screen opened
      return (queueItems.data?.data ?? []).filter((i) => !i.done).map((i) => i.traceId);
    }
    const listed = unlabelled.data?.pages.flatMap((p) => p.data.map((t) => t.id)) ?? [];
    return review.verdicts ? alternateByVerdict(listed, review.verdicts) : listed;
  }, [queueId, queueItems.data, unlabelled.data, review.verdicts]);
  return { ids, unlabelled, queue: queueId ? queueItems : unlabelled, review };
}

type Unlabelled = ReturnType<typeof useUnlabelledTraces>;

/** Prefetches the next traces so the keypress-to-next-trace path never waits on the network. */
export function usePrefetchAhead(ids: string[], position: number, unlabelled: Unlabelled) {
  const queryClient = useQueryClient();
  useEffect(() => {
    for (const id of ids.slice(position + 1, position + 4)) {
      void queryClient.prefetchQuery({
        queryKey: ['trace', id],
        queryFn: ({ signal }) =>
          api.get<TraceDetail>(`/v1/traces/${encodeURIComponent(id)}`, signal),
      });
    }
    if (position >= ids.length - 10 && unlabelled.hasNextPage && !unlabelled.isFetchingNextPage) {
      void unlabelled.fetchNextPage();
    }
  }, [ids, position, queryClient, unlabelled]);
}
