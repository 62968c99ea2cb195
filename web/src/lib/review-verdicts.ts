import { useQuery } from '@tanstack/react-query';
import { api, qs } from './api';
import type { MatrixPage } from './eval-types';
import { useEvalVersions } from './evals';
import type { Verdict } from './review-order';

/**
 * The agent's active eval and its verdicts on the newest unlabelled traces (one matrix page),
 * fetched once per visit so the review order does not reshuffle while labelling.
 */
export function useReviewVerdicts(agentId: string | null) {
  const versions = useEvalVersions(agentId);
  const active = versions.data?.data.find((v) => v.status === 'active') ?? null;
  const verdicts = useQuery({
    queryKey: ['review-verdicts', agentId, active?.id],
    enabled: Boolean(agentId && active),
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async ({ signal }) => {
      const page = await api.get<MatrixPage>(
        `/v1/agents/${encodeURIComponent(agentId ?? '')}/matrix${qs({ label: 'unlabelled', evalIds: active?.id, limit: 200 })}`,
        signal,
      );
      const map = new Map<string, Verdict>();
      for (const row of page.rows) {
        const status = row.cells[0]?.status;
        if (status === 'pass' || status === 'fail') {
          map.set(row.trace.id, status);
        }
      }
      return map;
    },
  });
  return {
    active,
    verdicts: verdicts.data ?? null,
    pending: Boolean(agentId) && (versions.isPending || (active !== null && verdicts.isPending)),
  };
}
