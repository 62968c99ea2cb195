import { useQuery } from '@tanstack/react-query';
import { api } from './api';
import type { Agent, Page } from './types';

export function useAgents() {
  return useQuery({
    queryKey: ['agents'],
    queryFn: ({ signal }) => api.get<Page<Agent>>('/v1/agents', signal),
    staleTime: 60_000,
  });
}
