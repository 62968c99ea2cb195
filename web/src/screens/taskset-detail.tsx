import { useMutation, useQueryClient } from '@tanstack/react-query';
import { PageHeader } from '../components/shell';
import { ErrorState, Loading } from '../components/states';
import { api } from '../lib/api';
import { formatAgo, formatDateTime } from '../lib/format';
import { Link } from '../lib/router';
import { type Taskset, tasksetHref, useTaskset, useTasksetTasks } from '../lib/tasksets';
import { AddTasksForm } from '../tasksets/add-tasks-form';
import { SplitCounts } from '../tasksets/split-counts';
import { SplitForm } from '../tasksets/split-form';
import { TasksetTasksTable } from '../tasksets/taskset-tasks-table';
import { WriteError } from '../tasksets/write-result';

function Versions({ current, versions }: { current: Taskset; versions: Taskset[] }) {
  return (
    <nav className="tabs" aria-label="Versions" style={{ padding: 0 }}>
      {[...versions].reverse().map((v) => (
        <Link
          key={v.id}
          to={tasksetHref(v.id)}
          aria-current={v.id === current.id ? 'page' : undefined}
          title={`${v.taskCount} tasks · ${formatDateTime(v.createdAt)}`}
        >
          v{v.version}
          {v.frozenAt ? ' · frozen' : ''}
        </Link>
      ))}
    </nav>
  );
}

function FreezeButton({ taskset }: { taskset: Taskset }) {
  const queryClient = useQueryClient();
  const freeze = useMutation({
    mutationFn: () => api.post<Taskset>(`/v1/tasksets/${encodeURIComponent(taskset.id)}/freeze`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['tasksets'] }),
  });
  if (taskset.frozenAt) {
    return (
      <span className="badge warn" title={`Frozen ${formatDateTime(taskset.frozenAt)}`}>
        frozen · edits make v{taskset.latestVersion + 1}
      </span>
    );
  }
  return (
    <>
      <button
        type="button"
        className="btn sm"
        title="Pin this version: runs use it as it is, and edits make a new version"
        disabled={freeze.isPending}
        onClick={() => freeze.mutate()}
      >
        Freeze v{taskset.version}
      </button>
      <WriteError error={freeze.error} />
    </>
  );
}

/** One taskset version: its tasks, its split, its versions, and the edits that make new ones. */
export default function TasksetDetailScreen({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const detail = useTaskset(id);
  const tasks = useTasksetTasks(id);
  if (detail.isPending) {
    return <Loading label="Loading taskset" />;
  }
  if (detail.isError) {
    return <ErrorState error={detail.error} retry={() => void detail.refetch()} />;
  }
  const { taskset: t, versions } = detail.data;
  const latest = versions[0];
  return (
    <>
      <PageHeader>
        <nav className="crumbs" aria-label="Breadcrumb">
          <Link to={`/tasksets?agentId=${t.agentId}`}>Tasksets</Link>
          <span aria-hidden="true">/</span>
          <strong>{t.name}</strong>
        </nav>
        <span className="badge">{t.source}</span>
        <span className="spacer" />
        <FreezeButton taskset={t} />
      </PageHeader>
      <div className="page-body stack" style={{ gap: 16, maxWidth: 1100 }}>
        <div className="row" style={{ flexWrap: 'wrap' }}>
          <Versions current={t} versions={versions} />
          <span className="spacer" />
          <span className="muted">
            {t.taskCount} tasks · <SplitCounts counts={t.splitCounts} />
            {t.splitSeed !== null ? ` · seed ${t.splitSeed}` : ''} · changed{' '}
            {formatAgo(t.updatedAt)}
          </span>
        </div>
        {latest && latest.id !== t.id ? (
          <p className="alert warn" role="status">
            You are looking at v{t.version}; the latest is{' '}
            <Link to={tasksetHref(latest.id)}>v{latest.version}</Link>. Editing this version makes v
            {latest.version + 1} from it.
          </p>
        ) : null}
        {t.description ? <p className="text-2">{t.description}</p> : null}
        <section className="card" aria-labelledby="split-title">
          <div className="card-header">
            <h2 id="split-title">Split</h2>
          </div>
          <div className="card-body">
            <SplitForm key={t.id} taskset={t} />
          </div>
        </section>
        <section className="card" aria-labelledby="tasks-title">
          <div className="card-header">
            <h2 id="tasks-title">Tasks</h2>
          </div>
          <div className="card-body stack">
            {tasks.isPending ? (
              <Loading rows={3} label="Loading tasks" />
            ) : tasks.isError ? (
              <ErrorState error={tasks.error} retry={() => void tasks.refetch()} />
            ) : (
              <TasksetTasksTable key={t.id} tasksetId={t.id} tasks={tasks.data.data} />
            )}
            <AddTasksForm key={`add-${t.id}`} tasksetId={t.id} />
          </div>
        </section>
      </div>
    </>
  );
}
