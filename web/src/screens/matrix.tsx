import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { AgentPicker } from '../components/agent-picker';
import { MatrixCellPanel } from '../components/matrix-cell-panel';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { api, qs } from '../lib/api';
import type { MatrixPage } from '../lib/eval-types';
import { Link, useLocation } from '../lib/router';
import { MatrixFilters, type MatrixFilterValues, PERIODS } from '../matrix/matrix-filters';
import { MatrixTable } from '../matrix/matrix-table';
import { VersionCards } from '../matrix/version-cards';

function useMatrix(filters: MatrixFilterValues) {
  const { agentId, only, label, version, period } = filters;
  // Rounded to the minute so the query key (and cache) stays stable while the screen is open.
  const since = PERIODS[period]
    ? new Date(
        Math.floor((Date.now() - (PERIODS[period]?.ms ?? 0)) / 60_000) * 60_000,
      ).toISOString()
    : null;
  return useInfiniteQuery({
    queryKey: ['matrix', agentId, only, label, version, since],
    enabled: Boolean(agentId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<MatrixPage>(
        `/v1/agents/${encodeURIComponent(agentId ?? '')}/matrix${qs({ onlyDisagreements: only || null, label, evalIds: version, since, cursor: pageParam, limit: 100 })}`,
        signal,
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export default function MatrixScreen() {
  const { search } = useLocation();
  const filters: MatrixFilterValues = {
    agentId: search.get('agentId'),
    only: search.get('only') === 'disagreements',
    label: search.get('label') ?? '',
    version: search.get('version') ?? '',
    period: search.get('period') ?? '',
  };
  const { agentId } = filters;
  const cell = search.get('cell');
  const matrix = useMatrix(filters);
  const versions = matrix.data?.pages[0]?.versions ?? [];
  const rows = useMemo(() => matrix.data?.pages.flatMap((p) => p.rows) ?? [], [matrix.data]);
  const [cellEval, cellTrace] = cell ? cell.split(':') : [];
  const filtered = filters.only || filters.label || filters.period || filters.version;
  return (
    <>
      <PageHeader>
        <h1>Matrix</h1>
        <AgentPicker value={agentId} />
        <span className="spacer" />
        <MatrixFilters {...filters} />
      </PageHeader>
      <div className="page-body flush">
        {!agentId ? (
          <Empty title="No agent yet">
            The matrix compares each eval version with your labels, per agent.
          </Empty>
        ) : matrix.isPending ? (
          <Loading />
        ) : matrix.isError ? (
          <ErrorState error={matrix.error} retry={() => void matrix.refetch()} />
        ) : versions.length === 0 ? (
          <Empty
            title="No eval versions"
            actions={
              <Link className="btn" to={`/evals?agentId=${agentId}`}>
                Go to evals
              </Link>
            }
          >
            Generate an eval for this agent; its verdicts on every trace show here next to your
            labels.
          </Empty>
        ) : (
          <div
            className="split"
            style={{ gridTemplateColumns: cell ? 'minmax(0, 1.3fr) minmax(0, 1fr)' : '1fr' }}
          >
            <section aria-label="Matrix" style={{ padding: 20 }}>
              <VersionCards versions={versions} />
              <p className="muted" data-testid="matrix-legend" style={{ marginBottom: 12 }}>
                {rows.length} {filtered ? 'traces match the filters' : 'traces'}
                {matrix.hasNextPage ? ' so far' : ''}. ✓ agrees with the label · ✕ contradicts it ·
                ! error · pass/fail: the verdict on a neutral or unlabelled trace · empty: not run.
              </p>
              {rows.length === 0 ? (
                <Empty title="No traces match">Change the filters to see more traces.</Empty>
              ) : (
                <MatrixTable versions={versions} rows={rows} selected={cell} />
              )}
              {matrix.hasNextPage ? (
                <button
                  type="button"
                  className="btn"
                  style={{ marginTop: 12 }}
                  disabled={matrix.isFetchingNextPage}
                  onClick={() => void matrix.fetchNextPage()}
                >
                  {matrix.isFetchingNextPage ? 'Loading…' : 'Load more traces'}
                </button>
              ) : null}
            </section>
            {cellEval && cellTrace ? (
              <section aria-label="Cell detail">
                <MatrixCellPanel evalId={cellEval} traceId={cellTrace} />
              </section>
            ) : null}
          </div>
        )}
      </div>
    </>
  );
}
