import type { Agreement, EvalVersion, HeldOutMetrics } from '../../lib/eval-types';
import { formatDateTime } from '../../lib/format';
import { setSearch } from '../../lib/router';
import { ConfusionMatrix, MetricStat } from '../metrics';

const STATUS_TONE: Record<string, string> = {
  active: 'good',
  candidate: 'accent',
  inactive: '',
  archived: 'warn',
};

export function EvalStatus({ status }: { status: string }) {
  return <span className={`badge ${STATUS_TONE[status] ?? ''}`}>{status}</span>;
}

function interval(m: HeldOutMetrics, key: string) {
  const i = m.intervals?.[key];
  return i ? { low: i[0], high: i[1] } : null;
}

/** Metrics measured on held-out folds while the version was chosen. */
export function HeldOutMetricsView({ m }: { m: HeldOutMetrics | null }) {
  if (!m) {
    return <p className="muted">No held-out metrics recorded for this version.</p>;
  }
  return (
    <div className="stack" data-testid="held-out-metrics">
      <div className="grid cols-4">
        <MetricStat label="Cohen's kappa" value={m.kappa} interval={interval(m, 'kappa')} />
        <MetricStat label="F1" value={m.f1} interval={interval(m, 'f1')} />
        <MetricStat
          label="Accuracy"
          value={m.accuracy}
          interval={interval(m, 'accuracy')}
          percent
        />
        <MetricStat
          label="Precision"
          value={m.precision}
          interval={interval(m, 'precision')}
          percent
        />
      </div>
      <div className="row" style={{ alignItems: 'flex-start', gap: 24 }}>
        <ConfusionMatrix c={m.counts} />
        <p className="muted" style={{ maxWidth: 340 }}>
          Held out: each trace was judged by a candidate chosen without it. {m.counts.neutral}{' '}
          neutral and {m.counts.errors} errored traces are left out.
        </p>
      </div>
    </div>
  );
}

/** Agreement of the version's stored verdicts with today's labels it was not built from. */
export function CurrentAgreement({ a }: { a: Agreement }) {
  if (a.executions === 0) {
    return (
      <p className="muted">
        This version has not run on any trace yet. Run it to see its verdicts in the matrix.
      </p>
    );
  }
  if (a.n === 0) {
    return (
      <div className="stack" data-testid="current-agreement">
        {a.warnings.map((w) => (
          <p key={w.code} className="muted">
            {w.message}
          </p>
        ))}
      </div>
    );
  }
  const ci = (e: Agreement['kappa']) => (e ? { low: e.low, high: e.high } : null);
  return (
    <div className="stack" data-testid="current-agreement">
      <div className="grid cols-4">
        <MetricStat label="Kappa (new labels)" value={a.kappa?.value} interval={ci(a.kappa)} />
        <MetricStat label="F1" value={a.f1?.value} interval={ci(a.f1)} />
        <MetricStat label="Accuracy" value={a.accuracy?.value} interval={ci(a.accuracy)} percent />
        <div className="card stat">
          <div className="label">Verdicts</div>
          <div className="value">{a.executions}</div>
          <div className="sub">
            {a.n} new labels · {a.trainingLabels} it was built from (not scored) · {a.unlabelled}{' '}
            unlabelled · {a.counts.errors} errors
          </div>
        </div>
      </div>
      {a.warnings.map((w) => (
        <p key={w.code} className="alert warn">
          {w.message}
        </p>
      ))}
    </div>
  );
}

export function Lineage({ version, all }: { version: EvalVersion; all: EvalVersion[] }) {
  const chain: EvalVersion[] = [];
  let cursor: EvalVersion | undefined = version;
  while (cursor && chain.length < 50) {
    chain.push(cursor);
    const parent: string | null = cursor.parentEvalId;
    cursor = parent ? all.find((v) => v.id === parent) : undefined;
  }
  return (
    <ol className="stack" style={{ gap: 6, paddingLeft: 18, margin: 0 }} aria-label="Lineage">
      {chain.map((v) => (
        <li key={v.id}>
          <button
            type="button"
            className="btn ghost sm"
            aria-current={v.id === version.id ? 'true' : undefined}
            onClick={() => setSearch({ eval: v.id, tab: null })}
          >
            v{v.version}
          </button>{' '}
          <EvalStatus status={v.status} />{' '}
          <span className="muted">
            {v.generator}
            {v.model ? ` (${v.model})` : ''} · {v.trainingTraceCount} labels ·{' '}
            {formatDateTime(v.createdAt)}
          </span>
        </li>
      ))}
    </ol>
  );
}
