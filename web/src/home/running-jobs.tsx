import { useQuery } from '@tanstack/react-query';
import { ErrorState, Loading } from '../components/states';
import { api, qs } from '../lib/api';
import { formatAgo } from '../lib/format';
import { Link } from '../lib/router';
import type { Job, Page } from '../lib/types';

/** Jobs running now, with their progress; refreshed every few seconds while any run. */
export function RunningJobs() {
  const jobs = useQuery({
    queryKey: ['jobs', 'running', 'home'],
    queryFn: ({ signal }) =>
      api.get<Page<Job>>(`/v1/jobs${qs({ status: 'running', limit: 10 })}`, signal),
    refetchInterval: (query) => ((query.state.data?.data.length ?? 0) > 0 ? 3000 : 15_000),
  });
  if (jobs.isPending) {
    return <Loading rows={2} />;
  }
  if (jobs.isError) {
    return <ErrorState error={jobs.error} retry={() => void jobs.refetch()} />;
  }
  if (jobs.data.data.length === 0) {
    return <p className="muted">No jobs running.</p>;
  }
  return (
    <ul className="alert-list" aria-label="Running jobs">
      {jobs.data.data.map((job) => (
        <li key={job.id} className="alert-item" data-testid="home-job" style={{ padding: '8px 0' }}>
          <div className="row" style={{ gap: 8 }}>
            <Link to={`/jobs?job=${job.id}`} className="mono">
              {job.type}
            </Link>
            <span className="spacer" />
            <span className="muted">started {formatAgo(job.startedAt ?? job.createdAt)}</span>
          </div>
          {job.progress ? (
            <div className="row" style={{ gap: 8, marginTop: 4 }}>
              <div
                className="progress"
                role="progressbar"
                aria-label={`${job.type} progress`}
                aria-valuenow={Math.round(job.progress.percent)}
                aria-valuemin={0}
                aria-valuemax={100}
                style={{ flex: 1 }}
              >
                <span style={{ width: `${job.progress.percent}%` }} />
              </div>
              <span className="muted">
                {job.progress.message ?? `${job.progress.done}/${job.progress.total}`}
              </span>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
