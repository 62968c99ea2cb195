import { useQuery } from '@tanstack/react-query';
import { api } from './api';

export type SandboxLayer = { name: string; active: boolean; detail: string };

/** `GET /health` (src/api/health.ts); the sandbox part is the port's `SandboxStatus`. */
export type Health = {
  ok: boolean;
  /** green, degraded (the sandbox cannot run evals; see `reasons`) or red (no database). */
  status: 'green' | 'degraded' | 'red';
  reasons: string[];
  version: string;
  database: { ok: boolean; latencyMs?: number; error?: string };
  sandbox: { kind: string; available: boolean; reason?: string; layers: SandboxLayer[] };
  /** The host's model provider from its environment; a workspace integration comes first. */
  model?: { configured: true; name: string } | { configured: false; message: string };
};

export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    queryFn: ({ signal }) => api.get<Health>('/health', signal),
    staleTime: 30_000,
  });
}
