import { useInfiniteQuery } from '@tanstack/react-query';
import { api, qs } from './api';
import type { Page, TraceListItem } from './types';

export type TraceFilters = {
  agentId?: string;
  label?: string;
  source?: string;
  hasErrors?: string;
  q?: string;
  metaKey?: string;
  metaValue?: string;
  sessionId?: string;
  userId?: string;
};

export const FILTER_KEYS = [
  'agentId',
  'label',
  'source',
  'hasErrors',
  'q',
  'metaKey',
  'metaValue',
  'sessionId',
  'userId',
] as const;

export function filtersFromSearch(search: URLSearchParams): TraceFilters {
  const filters: TraceFilters = {};
  for (const key of FILTER_KEYS) {
    const value = search.get(key);
    if (value) {
      filters[key] = value;
    }
  }
  return filters;
}

/** The URL says `label=unlabelled`; the API says `labelled=false`. */
function toQuery(filters: TraceFilters) {
  const { label, ...rest } = filters;
  return label === 'unlabelled' ? { ...rest, labelled: false } : { ...rest, label };
}

export function useTraceList(filters: TraceFilters, columns: string[] = [], limit = 100) {
  const metaKeys = columns.filter((c) => !['session', 'user', 'tags'].includes(c));
  return useInfiniteQuery({
    queryKey: ['traces', filters, metaKeys],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<TraceListItem>>(
        `/v1/traces${qs({ ...toQuery(filters), columns: metaKeys.join(','), cursor: pageParam, limit })}`,
        signal,
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}
