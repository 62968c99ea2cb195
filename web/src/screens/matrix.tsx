import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { AgentPicker } from '../components/agent-picker';
import { CodeView } from '../components/code-view';
import { LabelBadge, VerdictBadge } from '../components/label-badge';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { api, qs } from '../lib/api';
import { formatNumber, formatPercent } from '../lib/format';
import { Link, setSearch, useLocation } from '../lib/router';
import type { Rating } from '../lib/types';

type CellState = 'agree' | 'contradiction' | 'error' | 'unlabelled' | 'not_run';
type MatrixVersion = {
  id: string;
  name: string;
  version: number;
  status: string;
  stats: {
    executions: number;
    passRate: number | null;
    contradictions: number;
    errors: number;
    accuracy: number | null;
    kappa: number | null;
    f1: number | null;
  };
};
type MatrixPage = {
  versions: MatrixVersion[];
  rows: {
    trace: { id: string; startedAt: string; label: Rating | null; inputPreview: string };
    cells: { evalId: string; state: CellState; status: string | null; reason: string }[];
  }[];
  nextCursor: string | null;
};
type CellDetail = {
  eval: { id: string; name: string; version: number; code: string };
  trace: { id: string; label: Rating | null; inputPreview: string; outputPreview: string };
  labels: { rating: Rating; notes: string | null }[];
  execution: {
    status: string;
    reason: string | null;
    durationMs?: number | null;
    error?: { message: string } | null;
  } | null;
  state: CellState;
};

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
const WORD: Record<CellState, string> = {
  agree: 'agrees with the label',
  contradiction: 'contradicts the label',
  error: 'errored',
  unlabelled: 'ran on an unlabelled trace',
  not_run: 'has not run',
};

function CellPanel({ evalId, traceId }: { evalId: string; traceId: string }) {
  const cell = useQuery({
    queryKey: ['matrix-cell', evalId, traceId],
    queryFn: ({ signal }) =>
      api.get<CellDetail>(
        `/v1/evals/${encodeURIComponent(evalId)}/matrix/${encodeURIComponent(traceId)}`,
        signal,
      ),
  });
  if (cell.isPending) {
    return <Loading rows={3} />;
  }
  if (cell.isError) {
    return <ErrorState error={cell.error} retry={() => void cell.refetch()} />;
  }
  const c = cell.data;
  return (
    <div className="stack" data-testid="matrix-cell">
      <div className="row">
        <h2 className="mono">{c.eval.name}</h2>
        <span className="muted">v{c.eval.version}</span>
        <span className="spacer" />
        <button
          type="button"
          className="btn ghost sm"
          onClick={() => setSearch({ cell: null })}
          aria-label="Close cell detail"
        >
          Close
        </button>
      </div>
      <p className={`alert ${c.state === 'contradiction' || c.state === 'error' ? 'error' : ''}`}>
        The eval {WORD[c.state]}.
      </p>
      <dl className="kv">
        <dt>Human</dt>
        <dd>
          <LabelBadge label={c.trace.label} />
        </dd>
        <dt>Eval</dt>
        <dd>
          <VerdictBadge verdict={c.execution?.status ?? null} />
        </dd>
        <dt>Reason</dt>
        <dd>{c.execution?.reason ?? c.execution?.error?.message ?? '—'}</dd>
        {c.labels
          .filter((l) => l.notes)
          .map((l) => (
            <>
              <dt key={`n-${l.notes}`}>Note</dt>
              <dd key={`d-${l.notes}`}>{l.notes}</dd>
            </>
          ))}
      </dl>
      <div>
        <h3 className="section-title">Trace</h3>
        <p className="text-2">{c.trace.inputPreview}</p>
        <p className="muted" style={{ marginTop: 6 }}>
          → {c.trace.outputPreview}
        </p>
        <Link to={`/traces/${c.trace.id}`}>Open the trace</Link>
      </div>
      <div>
        <h3 className="section-title">Code</h3>
        <CodeView code={c.eval.code} label="Eval code" />
      </div>
    </div>
  );
}

export default function MatrixScreen() {
  const { search } = useLocation();
  const agentId = search.get('agentId');
  const only = search.get('only') === 'disagreements';
  const label = search.get('label') ?? '';
  const cell = search.get('cell');
  const matrix = useInfiniteQuery({
    queryKey: ['matrix', agentId, only, label],
    enabled: Boolean(agentId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<MatrixPage>(
        `/v1/agents/${encodeURIComponent(agentId ?? '')}/matrix${qs({ onlyDisagreements: only || null, label, cursor: pageParam, limit: 100 })}`,
        signal,
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
  const versions = matrix.data?.pages[0]?.versions ?? [];
  const rows = useMemo(() => matrix.data?.pages.flatMap((p) => p.rows) ?? [], [matrix.data]);
  const [cellEval, cellTrace] = cell ? cell.split(':') : [];
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
                      contradictions · pass {formatPercent(v.stats.passRate)}
                    </div>
                  </div>
                ))}
              </div>
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
                                aria-label={`Version ${versions.find((v) => v.id === c.evalId)?.version ?? ''} ${WORD[c.state]}`}
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
                <CellPanel evalId={cellEval} traceId={cellTrace} />
              </section>
            ) : null}
          </div>
        )}
      </div>
    </>
  );
}
