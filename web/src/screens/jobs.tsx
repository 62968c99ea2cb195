import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import {
  isFinished,
  JobStages,
  JobStatusBadge,
  jobTitle,
  ProgressBar,
  progressPercent,
  useJob,
} from '../components/job-progress';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { api } from '../lib/api';
import { formatAgo, formatDateTime } from '../lib/format';
import { useJobStream } from '../lib/job-stream';
import { useJobList, useWorkspaceJobEvents } from '../lib/jobs';
import { setSearch, useLocation } from '../lib/router';
import type { Job } from '../lib/types';

const STATUSES = ['', 'running', 'queued', 'failed', 'succeeded', 'cancelled'];
const TYPES = ['', 'eval.generate', 'eval.execute', 'eval.refine'];

function JobLog({ job, lines }: { job: Job; lines: ReturnType<typeof useJobStream>['lines'] }) {
  const text = lines.map((l) => `${l.at.slice(11, 19)}  ${l.kind.padEnd(10)} ${l.message}`);
  const history = (job.history ?? []).map(
    (h) =>
      `attempt ${h.attempt}: ${h.errorCode} ${h.errorMessage} (${h.category}${h.delayMs !== null ? `, retried after ${h.delayMs} ms` : ''})`,
  );
  if (text.length === 0 && history.length === 0 && !isFinished(job.status)) {
    return <p className="muted">Waiting for events…</p>;
  }
  // Live events live in the server's memory; a job followed from after its start shows its record.
  const stored =
    isFinished(job.status) && !lines.some((l) => l.kind === 'started') ? storedRecord(job) : [];
  return (
    <pre className="code" aria-live="polite" style={{ maxHeight: 300 }} data-testid="job-log">
      {[...history, ...stored, ...text].join('\n')}
    </pre>
  );
}

const clock = (iso: string | null | undefined) => (iso ? iso.slice(11, 19) : '--:--:--');

/** A finished job's log from its row: when it was queued, started and ended, and its last message. */
function storedRecord(job: Job): string[] {
  const ended = `${job.status}${job.progress?.message ? `: ${job.progress.message}` : ''}`;
  return [
    `${clock(job.createdAt)}  queued`,
    ...(job.startedAt ? [`${clock(job.startedAt)}  started    (attempt ${job.attempts})`] : []),
    `${clock(job.finishedAt)}  ${ended}`,
  ];
}

function JobDetail({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const job = useJob(id);
  const stream = useJobStream(id);
  const act = useMutation({
    mutationFn: (verb: 'cancel' | 'retry') =>
      api.post<Job>(`/v1/jobs/${encodeURIComponent(id)}/${verb}`),
    onSuccess: (updated, verb) => {
      void queryClient.invalidateQueries({ queryKey: ['jobs'] });
      if (verb === 'retry' && updated?.id && updated.id !== id) {
        setSearch({ job: updated.id }, false);
      } else {
        void queryClient.invalidateQueries({ queryKey: ['job', id] });
      }
    },
  });
  if (job.isPending) {
    return <Loading label="Loading job" />;
  }
  if (job.isError) {
    return <ErrorState error={job.error} retry={() => void job.refetch()} />;
  }
  const j = job.data;
  return (
    <div className="stack" data-testid="job-detail">
      <div className="row">
        <h2>{jobTitle(j.type)}</h2>
        <JobStatusBadge status={j.status} />
        {stream.live ? <span className="badge accent">live</span> : null}
        <span className="spacer" />
        {!isFinished(j.status) ? (
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
      <JobStages job={j} />
      <p className="muted" data-testid="job-progress">
        {Math.round(progressPercent(j))}%
        {j.progress?.total ? ` · ${j.progress.done} of ${j.progress.total}` : ''}
        {j.progress?.message ? ` · ${j.progress.message}` : ''}
      </p>
      {j.error ? (
        <p className="alert error">
          {j.error.code}: {j.error.message}
        </p>
      ) : null}
      <dl className="kv">
        <dt>Type</dt>
        <dd className="mono">{j.type}</dd>
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
      <JobLog job={j} lines={stream.lines} />
      {j.result !== undefined && j.result !== null ? (
        <>
          <h3 className="section-title">Result</h3>
          <pre className="code" style={{ maxHeight: 240 }}>
            {JSON.stringify(j.result, null, 2)}
          </pre>
        </>
      ) : null}
    </div>
  );
}

function Filter({
  label,
  name,
  value,
  options,
}: {
  label: string;
  name: string;
  value: string;
  options: string[];
}) {
  return (
    <select
      aria-label={label}
      value={value}
      onChange={(e) => setSearch({ [name]: e.target.value || null })}
    >
      {options.map((o) => (
        <option key={o} value={o}>
          {o || `Any ${label.toLowerCase()}`}
        </option>
      ))}
    </select>
  );
}

export default function JobsScreen() {
  const { search } = useLocation();
  const status = search.get('status') ?? '';
  const type = search.get('type') ?? '';
  const selected = search.get('job');
  const list = useJobList({ status, type });
  useWorkspaceJobEvents();
  const jobs = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  return (
    <>
      <PageHeader>
        <h1>Jobs</h1>
        <span className="spacer" />
        <Filter label="Status" name="status" value={status} options={STATUSES} />
        <Filter label="Type" name="type" value={type} options={TYPES} />
      </PageHeader>
      <div className="page-body flush">
        <div className="split">
          <section aria-label="Jobs" style={{ padding: 0 }}>
            {list.isPending ? (
              <Loading />
            ) : list.isError ? (
              <ErrorState error={list.error} retry={() => void list.refetch()} />
            ) : jobs.length === 0 ? (
              <Empty title="No jobs">
                Generating, refining or running an eval starts a job; it shows here with live
                progress.
              </Empty>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Job</th>
                    <th scope="col">Status</th>
                    <th scope="col" style={{ width: 160 }}>
                      Progress
                    </th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {jobs.map((j) => (
                    <tr
                      key={j.id}
                      className={selected === j.id ? 'selected clickable' : 'clickable'}
                      onClick={() => setSearch({ job: j.id }, false)}
                    >
                      <td>
                        <button
                          type="button"
                          className="btn ghost sm mono"
                          aria-current={selected === j.id ? 'true' : undefined}
                          onClick={(e) => {
                            e.stopPropagation();
                            setSearch({ job: j.id }, false);
                          }}
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
            {list.hasNextPage ? (
              <button
                type="button"
                className="btn"
                style={{ margin: 12 }}
                disabled={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              >
                {list.isFetchingNextPage ? 'Loading…' : 'Load more jobs'}
              </button>
            ) : null}
          </section>
          <section aria-label="Job detail" style={{ padding: 20 }}>
            {selected ? (
              <JobDetail key={selected} id={selected} />
            ) : (
              <Empty title="Select a job">Its live progress and log appear here.</Empty>
            )}
          </section>
        </div>
      </div>
    </>
  );
}
