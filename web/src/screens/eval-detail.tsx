import { CodeDiff, CodeView } from '../components/code-view';
import { ConfusionMatrix, MetricStat } from '../components/metrics';
import { useEvalAction } from '../lib/evals';
import { formatDateTime } from '../lib/format';
import { Link, setSearch } from '../lib/router';
import type { AgreementMetrics, EvalVersion } from '../lib/types';

const STATUS_TONE: Record<string, string> = {
  active: 'good',
  candidate: 'accent',
  inactive: '',
  archived: 'warn',
};

export function EvalStatus({ status }: { status: string }) {
  return <span className={`badge ${STATUS_TONE[status] ?? ''}`}>{status}</span>;
}

function interval(m: AgreementMetrics | null, key: string) {
  const i = m?.intervals?.[key];
  return i ? { low: i[0], high: i[1] } : null;
}

export function Metrics({ m }: { m: AgreementMetrics | null }) {
  if (!m) {
    return <p className="muted">No held-out metrics recorded for this version.</p>;
  }
  return (
    <div className="stack">
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
          label="Precision / recall"
          value={m.precision}
          interval={interval(m, 'precision')}
          percent
        />
      </div>
      <div className="row" style={{ alignItems: 'flex-start', gap: 24 }}>
        <ConfusionMatrix c={m.counts} />
        <p className="muted" style={{ maxWidth: 320 }}>
          Held out: measured on folds the eval never saw while it was chosen. {m.counts.neutral}{' '}
          neutral and {m.counts.errors} errored traces are left out.
        </p>
      </div>
    </div>
  );
}

function Lineage({ version, all }: { version: EvalVersion; all: EvalVersion[] }) {
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
            onClick={() => setSearch({ eval: v.id, tab: null })}
          >
            v{v.version}
          </button>{' '}
          <EvalStatus status={v.status} />{' '}
          <span className="muted">
            {v.generator} · {formatDateTime(v.createdAt)}
          </span>
        </li>
      ))}
    </ol>
  );
}

export function EvalDetail({
  version,
  versions,
  tab,
  compareId,
}: {
  version: EvalVersion;
  versions: EvalVersion[];
  tab: string;
  compareId: string | null;
}) {
  const action = useEvalAction();
  const active = versions.find((v) => v.status === 'active');
  const other =
    versions.find((v) => v.id === compareId) ?? versions.find((v) => v.id !== version.id) ?? null;
  const isRollback = active !== undefined && version.version < active.version;
  return (
    <div className="stack" style={{ gap: 16 }}>
      <div className="row">
        <h2 className="mono">{version.name}</h2>
        <span className="muted">v{version.version}</span>
        <EvalStatus status={version.status} />
        <span className="spacer" />
        {version.status !== 'active' ? (
          <button
            type="button"
            className="btn sm primary"
            disabled={action.isPending}
            onClick={() => action.mutate({ path: `/v1/evals/${version.id}/activate` })}
          >
            {isRollback ? `Roll back to v${version.version}` : 'Activate'}
          </button>
        ) : null}
        <button
          type="button"
          className="btn sm"
          disabled={action.isPending}
          onClick={() => action.mutate({ path: `/v1/evals/${version.id}/refine` })}
        >
          Refine
        </button>
        <a className="btn sm" href={`/v1/evals/${version.id}/export`} download>
          Export
        </a>
      </div>
      {action.isError ? (
        <p className="alert error" role="alert">
          {action.error.message}
        </p>
      ) : null}
      {action.data?.jobId ? (
        <p className="alert" role="status">
          Started. <Link to={`/jobs?job=${action.data.jobId}`}>Follow the job</Link>
        </p>
      ) : null}
      {version.description ? <p className="text-2">{version.description}</p> : null}
      <div className="tabs" role="tablist" style={{ padding: 0 }}>
        {['overview', 'code', 'compare'].map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            onClick={() => setSearch({ tab: t === 'overview' ? null : t })}
          >
            {t[0]?.toUpperCase()}
            {t.slice(1)}
          </button>
        ))}
      </div>
      {tab === 'code' ? (
        <CodeView code={version.code} label={`${version.name} v${version.version} code`} />
      ) : null}
      {tab === 'overview' ? (
        <>
          <Metrics m={version.heldOutMetrics} />
          <h3 className="section-title">Lineage</h3>
          <Lineage version={version} all={versions} />
        </>
      ) : null}
      {tab === 'compare' ? (
        other ? (
          <div className="stack">
            <label className="row">
              Compare v{version.version} with
              <select
                aria-label="Version to compare with"
                value={other.id}
                onChange={(e) => setSearch({ compare: e.target.value })}
              >
                {versions
                  .filter((v) => v.id !== version.id)
                  .map((v) => (
                    <option key={v.id} value={v.id}>
                      v{v.version} ({v.status})
                    </option>
                  ))}
              </select>
            </label>
            <table className="table" aria-label="Metrics compared">
              <thead>
                <tr>
                  <th>Metric</th>
                  <th>v{other.version}</th>
                  <th>v{version.version}</th>
                  <th>Change</th>
                </tr>
              </thead>
              <tbody>
                {(['kappa', 'f1', 'accuracy', 'precision', 'recall'] as const).map((k) => {
                  const a = other.heldOutMetrics?.[k] ?? null;
                  const b = version.heldOutMetrics?.[k] ?? null;
                  const d = a !== null && b !== null ? b - a : null;
                  return (
                    <tr key={k}>
                      <td>{k}</td>
                      <td className="mono">{a?.toFixed(3) ?? '—'}</td>
                      <td className="mono">{b?.toFixed(3) ?? '—'}</td>
                      <td
                        className={`mono ${d === null ? 'muted' : d >= 0 ? '' : ''}`}
                        style={{
                          color: d === null ? undefined : d >= 0 ? 'var(--good)' : 'var(--bad)',
                        }}
                      >
                        {d === null ? '—' : `${d >= 0 ? '+' : ''}${d.toFixed(3)}`}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <CodeDiff
              before={other.code}
              after={version.code}
              label={`Code diff v${other.version} to v${version.version}`}
            />
          </div>
        ) : (
          <p className="muted">
            This eval has a single version; refine it to get another to compare.
          </p>
        )
      ) : null}
    </div>
  );
}
