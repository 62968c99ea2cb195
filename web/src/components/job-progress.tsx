import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { generationStages, stageIndex } from '@/evals/generation/generation-stages';
import { api } from '../lib/api';
import { describeResult } from '../lib/job-result';
import { useJobStream } from '../lib/job-stream';
import { Link } from '../lib/router';
import type { Job } from '../lib/types';

const TONE: Record<string, string> = {
  queued: '',
  running: 'accent',
  succeeded: 'good',
  failed: 'bad',
  cancelled: 'warn',
};

const TITLES: Record<string, string> = {
  'eval.generate': 'Generating an eval from your labels',
  'eval.refine': 'Refining from the contradictions',
  'eval.execute': 'Running the eval on the traces',
  'traces.import': 'Importing traces',
};

export const jobTitle = (type: string) => TITLES[type] ?? type;

export const isFinished = (status: string | undefined) =>
  status === 'succeeded' || status === 'failed' || status === 'cancelled';

export function JobStatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge ${TONE[status] ?? ''}`}>
      <span className="dot" />
      {status}
    </span>
  );
}

export function progressPercent(job: Job) {
  if (job.status === 'succeeded') {
    return 100;
  }
  const p = job.progress;
  if (!p) {
    return 0;
  }
  if (typeof p.percent === 'number') {
    return p.percent;
  }
  return p.total ? (p.done / p.total) * 100 : 0;
}

/** "40% · cross-validating 2 candidates on 24 labels (1 of 2 done)", or "40% · 12 of 30". */
export function progressText(job: Job) {
  const p = job.progress;
  const what = p?.message || (p?.total ? `${p.done} of ${p.total}` : '');
  return `${Math.round(progressPercent(job))}%${what ? ` · ${what}` : ''}`;
}

export function ProgressBar({ job }: { job: Job }) {
  const percent = Math.max(0, Math.min(100, progressPercent(job)));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-valuenow={Math.round(percent)}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-label={`${job.type} progress`}
    >
      <span style={{ width: `${percent}%` }} />
    </div>
  );
}

/**
 * A generation's named stages, ticked off as its progress moves (the furthest one reached stays
 * current after a failure); nothing for other jobs.
 */
export function JobStages({ job }: { job: Job }) {
  const stages = generationStages(job.type);
  const reached = useRef(-1);
  reached.current = Math.max(reached.current, stageIndex(stages, job.progress?.message));
  if (stages.length === 0) {
    return null;
  }
  const current = job.status === 'succeeded' ? stages.length : reached.current;
  return (
    <ol className="stages" aria-label="Stages" data-testid="job-stages">
      {stages.map((s, i) => {
        const state = i < current ? 'done' : i === current ? 'current' : 'todo';
        return (
          <li
            key={s.starts}
            data-state={state}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            {s.title}
          </li>
        );
      })}
    </ol>
  );
}

/** One job, kept fresh by its event stream (and a slow poll in case the stream drops). */
export function useJob(id: string | null) {
  return useQuery({
    queryKey: ['job', id],
    enabled: Boolean(id),
    queryFn: ({ signal }) => api.get<Job>(`/v1/jobs/${encodeURIComponent(id ?? '')}`, signal),
    refetchInterval: (q) => (isFinished(q.state.data?.status) ? false : 3000),
  });
}

/** A started job's live progress, inline where it was started; `onFinish` runs once at the end. */
export function InlineJob({
  id,
  title,
  onFinish,
}: {
  id: string;
  title?: string;
  onFinish?: (job: Job) => void;
}) {
  const job = useJob(id);
  const stream = useJobStream(id);
  const finished = useRef(false);
  const j = job.data;
  useEffect(() => {
    if (j && isFinished(j.status) && !finished.current) {
      finished.current = true;
      onFinish?.(j);
    }
  }, [j, onFinish]);
  return (
    <div className="card" style={{ padding: 12 }} data-testid="inline-job" aria-live="polite">
      <div className="row">
        <strong>{title ?? (j ? jobTitle(j.type) : 'Job')}</strong>
        {j ? <JobStatusBadge status={j.status} /> : <span className="muted">starting…</span>}
        {stream.live ? <span className="badge accent">live</span> : null}
        <span className="spacer" />
        <Link to={`/jobs?job=${encodeURIComponent(id)}`}>Open in Jobs</Link>
      </div>
      {j ? (
        <div className="stack" style={{ gap: 6, marginTop: 8 }}>
          <ProgressBar job={j} />
          <JobStages job={j} />
          <span className="muted" data-testid="inline-job-progress">
            {progressText(j)}
          </span>
          {j.error ? (
            <p className="alert error" role="alert">
              {j.error.message}
            </p>
          ) : null}
          {describeResult(j) ? <p data-testid="inline-job-result">{describeResult(j)}</p> : null}
        </div>
      ) : null}
      {stream.lines.length > 0 ? (
        <details style={{ marginTop: 8 }}>
          <summary className="muted">Log ({stream.lines.length} events)</summary>
          <pre className="code" style={{ maxHeight: 200 }} data-testid="inline-job-log">
            {stream.lines.map((l) => `${l.kind.padEnd(10)} ${l.message}`).join('\n')}
          </pre>
        </details>
      ) : null}
    </div>
  );
}
