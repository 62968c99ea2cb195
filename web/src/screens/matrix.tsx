import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { AgentPicker } from '../components/agent-picker';
import { LabelBadge } from '../components/label-badge';
import { CELL_WORD, MatrixCellPanel } from '../components/matrix-cell-panel';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { api, qs } from '../lib/api';
import type { CellState, MatrixPage } from '../lib/eval-types';
import { useEvalVersions } from '../lib/evals';
import { formatNumber, formatPercent } from '../lib/format';
import { Link, setSearch, useLocation } from '../lib/router';

const GLYPH: Record<CellState, string> = {
  agree: '✓',
  contradiction: '✕',
  error: '!',
  unlabelled: '·',
  not_run: '',
};
const CLASS: Record<CellState, string> = {
  agree: 'agree',
  contradiction: 'disagree',
  error: 'error',
  unlabelled: 'unlabelled',
  not_run: 'unlabelled',
};
const PERIODS: Record<string, { text: string; ms: number }> = {
  '24h': { text: 'Last 24 hours', ms: 86_400_000 },
  '7d': { text: 'Last 7 days', ms: 7 * 86_400_000 },
  '30d': { text: 'Last 30 days', ms: 30 * 86_400_000 },
};

export default function MatrixScreen() {
  const { search } = useLocation();
  const agentId = search.get('agentId');
  const only = search.get('only') === 'disagreements';
  const label = search.get('label') ?? '';
  const version = search.get('version') ?? '';
  const period = search.get('period') ?? '';
  const cell = search.get('cell');
  // Rounded to the minute so the query key (and cache) stays stable while the screen is open.
  const since = PERIODS[period]
    ? new Date(
        Math.floor((Date.now() - (PERIODS[period]?.ms ?? 0)) / 60_000) * 60_000,
      ).toISOString()
    : null;
  const matrix = useInfiniteQuery({
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
  const versions = matrix.data?.pages[0]?.versions ?? [];
  const rows = useMemo(() => matrix.data?.pages.flatMap((p) => p.rows) ?? [], [matrix.data]);
  const [cellEval, cellTrace] = cell ? cell.split(':') : [];
  const totals = useMemo(
    () =>
      rows.reduce(
        (t, r) => {
          for (const c of r.cells) {
            t[c.state] = (t[c.state] ?? 0) + 1;
          }
          return t;
        },
        {} as Partial<Record<CellState, number>>,
      ),
    [rows],
  );
  return (
    <>
      <PageHeader>
        <h1>Matrix</h1>
        <AgentPicker value={agentId} />
        <span className="spacer" />
        <label className="row">
          <input
            type="checkbox"
            checked={only}
            onChange={(e) => setSearch({ only: e.target.checked ? 'disagreements' : null })}
          />
          Only contradictions and errors
        </label>
        <select
          aria-label="Label"
          value={label}
          onChange={(e) => setSearch({ label: e.target.value || null })}
        >
          <option value="">Any label</option>
          <option value="positive">Good</option>
          <option value="negative">Bad</option>
          <option value="neutral">Neutral</option>
          <option value="unlabelled">Unlabelled</option>
        </select>
        <select
          aria-label="Time"
          value={period}
          onChange={(e) => setSearch({ period: e.target.value || null })}
        >
          <option value="">All time</option>
          {Object.entries(PERIODS).map(([key, p]) => (
            <option key={key} value={key}>
              {p.text}
            </option>
          ))}
        </select>
        <VersionFilter agentId={agentId} value={version} />
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
              <div
                className="grid"
                style={{
                  gridTemplateColumns: `repeat(${Math.min(versions.length, 4)}, minmax(0, 1fr))`,
                  marginBottom: 16,
                }}
              >
                {versions.map((v) => (
                  <div key={v.id} className="card stat">
                    <div className="label mono">
                      {v.name} v{v.version}
                    </div>
                    <div className="value">κ {formatNumber(v.stats.kappa)}</div>
                    <div className="sub">
                      {formatPercent(v.stats.accuracy)} agree · {v.stats.contradictions}{' '}
                      contradictions · {v.stats.errors} errors · pass{' '}
                      {formatPercent(v.stats.passRate)} of {v.stats.executions}
                    </div>
                  </div>
                ))}
              </div>
              <p className="muted" data-testid="matrix-legend" style={{ marginBottom: 12 }}>
                Showing {rows.length} traces: {totals.agree ?? 0} ✓ agree ·{' '}
                {totals.contradiction ?? 0} ✕ contradict · {totals.error ?? 0} ! error ·{' '}
                {totals.unlabelled ?? 0} · unlabelled · {totals.not_run ?? 0} not run
              </p>
              {rows.length === 0 ? (
                <Empty title="No traces match">Change the filters to see more traces.</Empty>
              ) : (
                <table className="matrix" aria-label="Traces by eval versions">
                  <thead>
                    <tr>
                      <th scope="col">Trace</th>
                      <th scope="col">Human</th>
                      {versions.map((v) => (
                        <th key={v.id} scope="col" className="mono">
                          v{v.version}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.trace.id}>
                        <th
                          scope="row"
                          className="truncate"
                          style={{ maxWidth: 380, fontWeight: 400, color: 'var(--text-2)' }}
                          title={r.trace.inputPreview}
                        >
                          {r.trace.inputPreview || r.trace.id}
                        </th>
                        <td>
                          <LabelBadge label={r.trace.label} />
                        </td>
                        {r.cells.map((c) => {
                          const key = `${c.evalId}:${r.trace.id}`;
                          return (
                            <td
                              key={c.evalId}
                              className={`cell ${CLASS[c.state]}`}
                              style={
                                cell === key
                                  ? { boxShadow: 'inset 0 0 0 2px var(--accent)' }
                                  : undefined
                              }
                            >
                              <button
                                type="button"
                                className="cell-button"
                                data-state={c.state}
                                aria-label={`Version ${versions.find((v) => v.id === c.evalId)?.version ?? ''} ${CELL_WORD[c.state]}`}
                                onClick={() => setSearch({ cell: key }, false)}
                              >
                                {GLYPH[c.state]}
                              </button>
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
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

/** Narrows the matrix to one version (the server's `evalIds`). */
function VersionFilter({ agentId, value }: { agentId: string | null; value: string }) {
  const versions = useEvalVersions(agentId);
  return (
    <select
      aria-label="Version"
      value={value}
      onChange={(e) => setSearch({ version: e.target.value || null, cell: null })}
    >
      <option value="">All versions</option>
      {(versions.data?.data ?? [])
        .filter((v) => v.status !== 'archived')
        .map((v) => (
          <option key={v.id} value={v.id}>
            {v.name} v{v.version}
          </option>
        ))}
    </select>
  );
}
