import { useQuery } from '@tanstack/react-query';
import { api } from './api';

export type Health = {
  ok: boolean;
  status: string;
  version: string;
  database: { ok: boolean; latencyMs?: number; error?: string };
  sandbox: Record<string, unknown> & { ok?: boolean; status?: string; message?: string };
};

export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    queryFn: ({ signal }) => api.get<Health>('/health', signal),
    staleTime: 30_000,
  });
}
