import { useState } from 'react';
import { PageHeader } from '../components/shell';
import { ErrorState, Loading } from '../components/states';
import { formatAgo, formatDuration, formatNumber } from '../lib/format';
import { Link } from '../lib/router';
import {
  canResume,
  formatUsd,
  isLive,
  type TaskResult,
  type TasksetRun,
  useCancelRun,
  useResumeRun,
  useRun,
  useRunResults,
} from '../lib/runs';
import { tasksetHref } from '../lib/tasksets';
import { RunLabel, RunProgress, RunStatus } from '../runs/run-status';
import { WriteError } from '../tasksets/write-result';

function RunActions({ run }: { run: TasksetRun }) {
  const cancel = useCancelRun(run.id);
  const resume = useResumeRun(run.id);
  const [ceiling, setCeiling] = useState('');
  if (isLive(run.status)) {
    return (
      <>
        <button
          type="button"
          className="btn sm"
          disabled={cancel.isPending}
          onClick={() => cancel.mutate(undefined)}
        >
          Cancel run
        </button>
        <WriteError error={cancel.error} />
      </>
    );
  }
  if (!canResume(run.status)) {
    return null;
  }
  return (
    <form
      className="row"
      aria-label="Resume the run"
      onSubmit={(e) => {
        e.preventDefault();
        resume.mutate(ceiling ? { maxCostUsd: Number(ceiling) } : {});
      }}
    >
      <label className="row muted">
        New cost ceiling
        <input
          type="number"
          min={0.0001}
          step="any"
          style={{ width: 100 }}
          placeholder={run.config.maxCostUsd ? String(run.config.maxCostUsd) : 'none'}
          value={ceiling}
          onChange={(e) => setCeiling(e.target.value)}
        />
      </label>
      <button type="submit" className="btn primary sm" disabled={resume.isPending}>
        Resume run
      </button>
      <WriteError error={resume.error} />
    </form>
  );
}

function Rollouts({ task }: { task: TaskResult }) {
  if (task.rollouts.length === 0) {
    return <span className="muted">—</span>;
  }
  return (
    <span className="row" style={{ flexWrap: 'wrap', gap: 6 }}>
      {task.rollouts.map((r) => {
        const tone = r.status === 'succeeded' ? (r.score === 0 ? 'bad' : 'good') : 'warn';
        const title = [
          r.status,
          r.score === null ? null : `score ${formatNumber(r.score)}`,
          r.terminationReason,
          r.error,
          formatDuration(r.latencyMs),
        ]
          .filter(Boolean)
          .join(' · ');
        return r.traceId ? (
          <Link
            key={r.id}
            className={`badge ${tone}`}
            to={`/traces/${encodeURIComponent(r.traceId)}`}
            title={title}
            data-testid="rollout-trace"
          >
            #{r.index + 1} {r.score === null ? r.status : formatNumber(r.score)}
          </Link>
        ) : (
          <span key={r.id} className={`badge ${tone}`} title={title}>
            #{r.index + 1} {r.status}
          </span>
        );
      })}
    </span>
  );
}

function EvalResults({ task }: { task: TaskResult }) {
  const entries = Object.entries(task.evalResults);
  if (entries.length === 0) {
    return <span className="muted">—</span>;
  }
  return (
    <span className="stack" style={{ gap: 2 }}>
      {entries.map(([name, r]) => (
        <span key={name} title={r.reason}>
          <span className={`badge ${r.passed ? 'good' : 'bad'}`}>{r.passed ? 'pass' : 'fail'}</span>{' '}
          {name}
        </span>
      ))}
    </span>
  );
}

function ResultsTable({ tasks }: { tasks: TaskResult[] }) {
  return (
    <table className="table" aria-label="Results per task">
      <thead>
        <tr>
          <th scope="col">Task</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Score
          </th>
          <th scope="col">Evals</th>
          <th scope="col">Rollouts (open the trace)</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((t) => (
          <tr key={t.taskId} data-testid="task-result" data-status={t.status}>
            <td>
              <div className="truncate" style={{ maxWidth: 360 }} title={t.title}>
                {t.title || t.taskId}
              </div>
              {t.externalId ? <div className="muted">{t.externalId}</div> : null}
            </td>
            <td className="muted">{t.status}</td>
            <td className="num" data-testid="task-score">
              {formatNumber(t.score)}
            </td>
            <td>
              <EvalResults task={t} />
            </td>
            <td>
              <Rollouts task={t} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One run: live progress while it goes, cancel or resume, and the results per task. */
export default function RunDetailScreen({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const run = useRun(id);
  const live = isLive(run.data?.status);
  const results = useRunResults(id, run.data?.status);
  if (run.isPending) {
    return <Loading label="Loading run" />;
  }
  if (run.isError) {
    return <ErrorState error={run.error} retry={() => void run.refetch()} />;
  }
  const r = run.data;
  const { summary, config } = r;
  return (
    <>
      <PageHeader>
        <nav className="crumbs" aria-label="Breadcrumb">
          <Link to="/runs">Runs</Link>
          <span aria-hidden="true">/</span>
          <strong>
            <RunLabel run={r} />
          </strong>
        </nav>
        <RunStatus status={r.status} />
        <span className="spacer" />
        <RunActions run={r} />
      </PageHeader>
      <div className="page-body stack" style={{ gap: 16, maxWidth: 1200 }}>
        <div className="grid cols-4">
          <div className="stat">
            <div className="label">Rollouts done</div>
            <div className="value">
              {r.progress.done} / {r.progress.planned}
            </div>
            <div className="sub">
              <RunProgress run={r} />
            </div>
          </div>
          <div className="stat">
            <div className="label">Mean task score</div>
            <div className="value" data-testid="run-mean-score">
              {formatNumber(summary.meanScore)}
            </div>
            <div className="sub">
              {summary.tasksScored ?? 0} of {config.taskIds?.length ?? 0} tasks scored
            </div>
          </div>
          <div className="stat">
            <div className="label">Rollouts</div>
            <div className="value">
              {summary.succeeded ?? 0} ok · {summary.failed ?? 0} failed
            </div>
          </div>
          <div className="stat">
            <div className="label">Cost</div>
            <div className="value">{formatUsd(r.costUsd)}</div>
            <div className="sub">
              {config.maxCostUsd ? `ceiling ${formatUsd(config.maxCostUsd)}` : 'no ceiling'}
            </div>
          </div>
        </div>
        <p className="muted">
          <Link to={tasksetHref(r.tasksetId)}>The taskset</Link>
          {config.split ? `, ${config.split} split` : ', every task'} · {config.parallel ?? 1} in
          parallel
          {config.model ? ` · ${config.model}` : ''} · started {formatAgo(r.startedAt)}
          {r.finishedAt ? ` · finished ${formatAgo(r.finishedAt)}` : ''}
          {r.jobId ? (
            <>
              {' '}
              · <Link to={`/jobs?job=${encodeURIComponent(r.jobId)}`}>job</Link>
            </>
          ) : null}
        </p>
        {r.candidateText ? (
          <details>
            <summary>Candidate prompt</summary>
            <pre className="code">{r.candidateText}</pre>
          </details>
        ) : null}
        <section className="card" aria-labelledby="results-title">
          <div className="card-header">
            <h2 id="results-title">Results per task</h2>
            <span className="spacer" />
            {live ? <span className="muted">updating as rollouts finish…</span> : null}
          </div>
          <div className="card-body">
            {results.isPending ? (
              <Loading rows={3} label="Loading results" />
            ) : results.isError ? (
              <ErrorState error={results.error} retry={() => void results.refetch()} />
            ) : (
              <ResultsTable tasks={results.data.data} />
            )}
          </div>
        </section>
      </div>
    </>
  );
}
