import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api';
import type { CellState, MatrixCellDetail } from '../lib/eval-types';
import { formatDateTime, formatDuration } from '../lib/format';
import { Link, setSearch } from '../lib/router';
import { CodeView } from './code-view';
import { LabelBadge, VerdictBadge } from './label-badge';
import { ErrorState, Loading } from './states';

export const CELL_WORD: Record<CellState, string> = {
  agree: 'agrees with the label',
  contradiction: 'contradicts the label',
  error: 'errored',
  neutral: 'ran on a trace labelled neutral',
  unlabelled: 'ran on an unlabelled trace',
  not_run: 'has not run',
};

/** One matrix cell: the verdict and reason next to the human label, the trace and the code. */
export function MatrixCellPanel({ evalId, traceId }: { evalId: string; traceId: string }) {
  const cell = useQuery({
    queryKey: ['matrix-cell', evalId, traceId],
    queryFn: ({ signal }) =>
      api.get<MatrixCellDetail>(
        `/v1/evals/${encodeURIComponent(evalId)}/traces/${encodeURIComponent(traceId)}`,
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
  const x = c.execution;
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
        This version {CELL_WORD[c.state]}.
      </p>
      <dl className="kv">
        <dt>Human</dt>
        <dd>
          <LabelBadge label={c.trace.label} />
        </dd>
        <dt>Eval</dt>
        <dd>
          <VerdictBadge verdict={x?.status ?? null} />
        </dd>
        <dt>Reason</dt>
        <dd data-testid="cell-reason">{x?.reason || x?.error?.message || '—'}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(x?.durationMs)}</dd>
        <dt>Ran</dt>
        <dd>{formatDateTime(x?.executedAt)}</dd>
        {c.labels
          .filter((l) => l.notes)
          .flatMap((l) => [
            <dt key={`t-${l.labellerKey}`}>Note</dt>,
            <dd key={`d-${l.labellerKey}`}>{l.notes}</dd>,
          ])}
      </dl>
      {x?.error?.traceback ? (
        <div>
          <h3 className="section-title">Traceback</h3>
          <pre className="code">{x.error.traceback}</pre>
        </div>
      ) : null}
      {x?.output ? (
        <div>
          <h3 className="section-title">Printed output</h3>
          <pre className="code">{x.output}</pre>
        </div>
      ) : null}
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
