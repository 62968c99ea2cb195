import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { api, qs } from '../lib/api';
import { formatAgo, formatDateTime } from '../lib/format';
import { useJobStream } from '../lib/job-stream';
import { setSearch, useLocation } from '../lib/router';
import type { Job, Page } from '../lib/types';

const TONE: Record<string, string> = {
  queued: '',
  running: 'accent',
  succeeded: 'good',
  failed: 'bad',
  cancelled: 'warn',
};

export function JobStatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge ${TONE[status] ?? ''}`}>
      <span className="dot" />
      {status}
    </span>
  );
}

function ProgressBar({ job }: { job: Job }) {
  const percent = job.status === 'succeeded' ? 100 : (job.progress?.percent ?? 0);
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

function JobDetail({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const job = useQuery({
    queryKey: ['job', id],
    queryFn: ({ signal }) => api.get<Job>(`/v1/jobs/${encodeURIComponent(id)}`, signal),
  });
  const stream = useJobStream(id);
  const act = useMutation({
    mutationFn: (verb: 'cancel' | 'retry') =>
      api.post<Job>(`/v1/jobs/${encodeURIComponent(id)}/${verb}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['job', id] });
      void queryClient.invalidateQueries({ queryKey: ['jobs'] });
    },
  });
  if (job.isPending) {
    return <Loading label="Loading job" />;
  }
  if (job.isError) {
    return <ErrorState error={job.error} retry={() => void job.refetch()} />;
  }
  const j = job.data;
  const active = j.status === 'queued' || j.status === 'running';
  return (
    <div className="stack" data-testid="job-detail">
      <div className="row">
        <h2 className="mono">{j.type}</h2>
        <JobStatusBadge status={j.status} />
        {stream.live ? <span className="badge accent">live</span> : null}
        <span className="spacer" />
        {active ? (
          <button
            type="button"
            className="btn sm danger"
            disabled={act.isPending || j.cancelRequested}
            onClick={() => act.mutate('cancel')}
          >
            {j.cancelRequested ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : null}
        {j.status === 'failed' || j.status === 'cancelled' ? (
          <button
            type="button"
            className="btn sm"
            disabled={act.isPending}
            onClick={() => act.mutate('retry')}
          >
            Retry
          </button>
        ) : null}
      </div>
      {act.isError ? (
        <p className="alert error" role="alert">
          {act.error.message}
        </p>
      ) : null}
      <ProgressBar job={j} />
      <p className="muted" data-testid="job-progress">
        {j.progress
          ? `${Math.round(j.progress.percent)}% · ${j.progress.done} of ${j.progress.total}${j.progress.message ? ` · ${j.progress.message}` : ''}`
          : j.status}
      </p>
      {j.error ? (
        <p className="alert error">
          {j.error.code}: {j.error.message}
        </p>
      ) : null}
      <dl className="kv">
        <dt>Created</dt>
        <dd>{formatDateTime(j.createdAt)}</dd>
        <dt>Started</dt>
        <dd>{formatDateTime(j.startedAt)}</dd>
        <dt>Finished</dt>
        <dd>{formatDateTime(j.finishedAt)}</dd>
        <dt>Attempts</dt>
        <dd>
          {j.attempts} of {j.maxAttempts}
        </dd>
      </dl>
      <h3 className="section-title">Log</h3>
      {stream.lines.length === 0 ? (
        <p className="muted">
          {active ? 'Waiting for events…' : 'No live events; this job has finished.'}
        </p>
      ) : (
        <pre className="code" aria-live="polite" style={{ maxHeight: 280 }}>
          {stream.lines
            .map((l) => `${l.at.slice(11, 19)}  ${l.kind.padEnd(10)} ${l.message}`)
            .join('\n')}
        </pre>
      )}
    </div>
  );
}

export default function JobsScreen() {
  const { search } = useLocation();
  const status = search.get('status') ?? '';
  const selected = search.get('job');
  const list = useQuery({
    queryKey: ['jobs', status],
    queryFn: ({ signal }) => api.get<Page<Job>>(`/v1/jobs${qs({ status, limit: 100 })}`, signal),
    refetchInterval: (q) =>
      q.state.data?.data.some((j) => j.status === 'running' || j.status === 'queued')
        ? 2000
        : false,
  });
  return (
    <>
      <PageHeader>
        <h1>Jobs</h1>
        <span className="spacer" />
        <fieldset className="seg">
          <legend className="sr-only">Filter by status</legend>
          {['', 'running', 'queued', 'failed', 'succeeded'].map((s) => (
            <button
              type="button"
              key={s}
              aria-pressed={status === s}
              onClick={() => setSearch({ status: s || null })}
            >
              {s || 'All'}
            </button>
          ))}
        </fieldset>
      </PageHeader>
      <div className="page-body flush">
        <div className="split">
          <section aria-label="Jobs" style={{ padding: 0 }}>
            {list.isPending ? (
              <Loading />
            ) : list.isError ? (
              <ErrorState error={list.error} retry={() => void list.refetch()} />
            ) : list.data.data.length === 0 ? (
              <Empty title="No jobs">
                Generating or running an eval starts a job; it shows here with live progress.
              </Empty>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th>Job</th>
                    <th>Status</th>
                    <th style={{ width: 160 }}>Progress</th>
                    <th>Created</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.data.map((j) => (
                    <tr
                      key={j.id}
                      className="clickable"
                      aria-selected={selected === j.id}
                      onClick={() => setSearch({ job: j.id }, false)}
                    >
                      <td>
                        <button
                          type="button"
                          className="btn ghost sm mono"
                          onClick={() => setSearch({ job: j.id }, false)}
                        >
                          {j.type}
                        </button>
                      </td>
                      <td>
                        <JobStatusBadge status={j.status} />
                      </td>
                      <td>
                        <ProgressBar job={j} />
                      </td>
                      <td className="muted">{formatAgo(j.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section aria-label="Job detail">
            {selected ? (
              <JobDetail id={selected} />
            ) : (
              <Empty title="Select a job">Its live progress and log appear here.</Empty>
            )}
          </section>
        </div>
      </div>
    </>
  );
}
