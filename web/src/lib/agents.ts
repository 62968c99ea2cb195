import { useQuery } from '@tanstack/react-query';
import { api } from './api';
import type { Agent, AgentDetail, Page } from './types';

export function useAgents() {
  return useQuery({
    queryKey: ['agents'],
    queryFn: ({ signal }) => api.get<Page<Agent>>('/v1/agents', signal),
    staleTime: 60_000,
  });
}

/** One agent with its versions. */
export function useAgent(id: string | null) {
  return useQuery({
    queryKey: ['agent', id],
    enabled: id !== null,
    queryFn: ({ signal }) =>
      api.get<AgentDetail>(`/v1/agents/${encodeURIComponent(id ?? '')}`, signal),
  });
}
