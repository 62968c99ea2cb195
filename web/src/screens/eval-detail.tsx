import { useState } from 'react';
import { CodeView } from '../components/code-view';
import { EvalActions } from '../components/evals/eval-actions';
import { EvalCodeEditor } from '../components/evals/eval-code-editor';
import { EvalCompare } from '../components/evals/eval-compare';
import { EvalExport } from '../components/evals/eval-export';
import {
  CurrentAgreement,
  EvalStatus,
  HeldOutMetricsView,
  Lineage,
} from '../components/evals/eval-metrics';
import { EvalRules } from '../components/evals/eval-rules';
import { ErrorState, Loading } from '../components/states';
import type { EvalVersion } from '../lib/eval-types';
import { useEvalVersion } from '../lib/evals';
import { setSearch } from '../lib/router';

const TABS = ['overview', 'code', 'compare', 'export'] as const;

/** One version: its metrics, code, lineage, comparison and export, and what can be done with it. */
export function EvalDetail({
  version,
  versions,
  tab,
  compareId,
  poll,
  onJob,
}: {
  version: EvalVersion;
  versions: EvalVersion[];
  tab: string;
  compareId: string | null;
  poll: boolean;
  onJob: (jobId: string) => void;
}) {
  const detail = useEvalVersion(version.id, poll);
  const [editing, setEditing] = useState<string | null>(null);
  const label = `${version.name} v${version.version}`;
  return (
    <div className="stack" style={{ gap: 16 }} data-testid="eval-detail">
      <div className="row" style={{ flexWrap: 'wrap' }}>
        <h2 className="mono">{version.name}</h2>
        <span className="muted">v{version.version}</span>
        <EvalStatus status={version.status} />
        <span className="spacer" />
        <EvalActions version={version} versions={versions} onJob={onJob} />
      </div>
      {version.description ? <p className="text-2">{version.description}</p> : null}
      <div className="tabs" role="tablist" style={{ padding: 0 }}>
        {TABS.map((t) => (
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
      {tab === 'overview' ? (
        <>
          <EvalRules rules={version.rules} judge={version.judge} />
          <h3 className="section-title">Held-out agreement</h3>
          <HeldOutMetricsView m={version.heldOutMetrics} />
          <h3 className="section-title">Agreement with labels it was not built from</h3>
          {detail.isPending ? (
            <Loading rows={2} />
          ) : detail.isError ? (
            <ErrorState error={detail.error} retry={() => void detail.refetch()} />
          ) : (
            <CurrentAgreement a={detail.data.agreement} />
          )}
          <h3 className="section-title">Lineage</h3>
          <Lineage version={version} all={versions} />
        </>
      ) : null}
      {tab === 'code' ? (
        detail.isPending ? (
          <Loading />
        ) : detail.isError ? (
          <ErrorState error={detail.error} retry={() => void detail.refetch()} />
        ) : (
          <>
            <EvalRules rules={detail.data.rules} judge={detail.data.judge} />
            {editing === version.id ? (
              <EvalCodeEditor
                version={version}
                code={detail.data.code}
                onClose={() => setEditing(null)}
              />
            ) : (
              <>
                <div className="row">
                  <button type="button" className="btn sm" onClick={() => setEditing(version.id)}>
                    Edit code
                  </button>
                  <span className="muted">
                    saved as a new candidate version, checked as you type
                  </span>
                </div>
                <CodeView code={detail.data.code} label={`${label} code`} />
              </>
            )}
          </>
        )
      ) : null}
      {tab === 'compare' ? (
        <EvalCompare version={version} versions={versions} otherId={compareId} />
      ) : null}
      {tab === 'export' ? <EvalExport id={version.id} /> : null}
    </div>
  );
}
