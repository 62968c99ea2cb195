import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from './api';
import type { EvalVersion, Page } from './types';

// Shapes of the monitoring routes (src/monitoring/api): alerts, daily snapshots, settings.

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';
export type Alert = {
  id: string;
  evalId: string;
  evalName: string;
  evalVersion: number;
  agentId: string;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  status: AlertStatus;
  message: string;
  details: Record<string, unknown>;
  openedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
};

export type Snapshot = {
  evalId: string;
  day: string;
  executions: number;
  passes: number;
  fails: number;
  errors: number;
  labelled: number;
  agreed: number;
  contradictions: number;
  agreement: number | null;
  passRate: number | null;
  errorRate: number | null;
  /** Today so far, counted live (not a finished day). */
  partial: boolean;
};

export type Thresholds = {
  agreementDrop: number;
  errorRateRise: number;
  passRateZ: number;
  minLabelled: number;
  minExecutions: number;
  baselineDays: number;
  autoRefineContradictions: number;
  autoRefineCooldownHours: number;
};

export type MonitoringSettings = {
  evalId: string;
  thresholds: { defaults: Thresholds; overrides: Partial<Thresholds>; effective: Thresholds };
  autoRefine: {
    enabled: boolean;
    requireHumanApproval: true;
    contradictionTrigger: number;
    cooldownHours: number;
    cooldown: {
      consecutiveFailures: number;
      lastTriggeredAt: string | null;
      nextAllowedAt: string | null;
      lastOutcome: string | null;
    } | null;
  };
};

export type MonitoringUpdate = {
  thresholds?: Partial<Record<keyof Thresholds, number | null>>;
  autoRefine?: { enabled?: boolean; contradictionTrigger?: number; cooldownHours?: number };
};

export const ALERTS_KEY = ['alerts'] as const;

export function useAlerts(status: AlertStatus, pageSize = 20) {
  return useInfiniteQuery({
    queryKey: [...ALERTS_KEY, status, pageSize],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Alert>>(
        `/v1/alerts${qs({ status, limit: pageSize, cursor: pageParam })}`,
        signal,
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useAlertAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, verb }: { id: string; verb: 'acknowledge' | 'resolve' }) =>
      api.post<Alert>(`/v1/alerts/${encodeURIComponent(id)}/${verb}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ALERTS_KEY }),
  });
}

/** The latest version of each eval of an agent. */
export function useLatestEvals(agentId: string | null) {
  return useQuery({
    queryKey: ['evals', agentId, 'latest'],
    enabled: Boolean(agentId),
    queryFn: ({ signal }) =>
      api.get<Page<EvalVersion>>(
        `/v1/agents/${encodeURIComponent(agentId ?? '')}/evals?latest=true`,
        signal,
      ),
  });
}

export function useSnapshots(evalId: string, from: string, to: string) {
  return useQuery({
    queryKey: ['snapshots', evalId, from, to],
    queryFn: ({ signal }) =>
      api.get<Page<Snapshot>>(
        `/v1/evals/${encodeURIComponent(evalId)}/snapshots${qs({ from, to })}`,
        signal,
      ),
  });
}

export function useMonitoringSettings(evalId: string) {
  return useQuery({
    queryKey: ['monitoring-settings', evalId],
    queryFn: ({ signal }) =>
      api.get<MonitoringSettings>(`/v1/evals/${encodeURIComponent(evalId)}/monitoring`, signal),
  });
}

export function useSaveMonitoringSettings(evalId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (update: MonitoringUpdate) =>
      api.put<MonitoringSettings>(`/v1/evals/${encodeURIComponent(evalId)}/monitoring`, update),
    onSuccess: (saved) => {
      // Overrides apply to every version of the eval, so other versions' settings are stale too.
      void queryClient.invalidateQueries({ queryKey: ['monitoring-settings'] });
      queryClient.setQueryData(['monitoring-settings', evalId], saved);
    },
  });
}

/** `YYYY-MM-DD` in UTC, `offset` days from `now`. */
export function utcDay(offset = 0, now = Date.now()) {
  return new Date(now + offset * 86_400_000).toISOString().slice(0, 10);
}

/** Every day from `from` to `to` inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (
    let t = Date.parse(`${from}T00:00:00Z`);
    t <= Date.parse(`${to}T00:00:00Z`);
    t += 86_400_000
  ) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}
