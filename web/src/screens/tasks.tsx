import { useState } from 'react';
import { AgentPicker } from '../components/agent-picker';
import { InlineJob } from '../components/job-progress';
import { LabelBadge } from '../components/label-badge';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { Link, navigate, setSearch, useLocation } from '../lib/router';
import {
  type TaskCluster,
  useClusterTasks,
  useExtractTasks,
  useRefreshTasks,
  useTaskClusters,
} from '../lib/tasks';
import { tasksetHref, useCreateFromTraces } from '../lib/tasksets';
import { TaskPanel } from '../tasks/task-panel';
import { WriteError } from '../tasksets/write-result';

const MANUAL = 'manual';

function Counts({ counts }: { counts: TaskCluster['labelCounts'] }) {
  const parts = [
    counts.positive ? `${counts.positive} good` : '',
    counts.negative ? `${counts.negative} bad` : '',
    counts.neutral ? `${counts.neutral} neutral` : '',
  ].filter(Boolean);
  return <span className="muted">{parts.length ? parts.join(' · ') : 'unlabelled'}</span>;
}

function ClusterList({ clusters, selected }: { clusters: TaskCluster[]; selected: string | null }) {
  return (
    <nav aria-label="Clusters" style={{ padding: 8, overflow: 'auto' }}>
      {clusters.map((c) => (
        <button
          type="button"
          key={c.clusterId}
          className="span-node"
          data-testid="cluster"
          style={{ gridTemplateColumns: '1fr auto', padding: '8px 10px', height: 'auto' }}
          aria-current={selected === c.clusterId ? 'true' : undefined}
          onClick={() => setSearch({ cluster: c.clusterId, task: null })}
        >
          <span className="truncate" title={c.title}>
            {c.title || '(no user message)'}
          </span>
          <span className="muted">
            {c.size} run{c.size === 1 ? '' : 's'}
          </span>
          <Counts counts={c.labelCounts} />
        </button>
      ))}
      <button
        type="button"
        className="span-node"
        style={{ gridTemplateColumns: '1fr', padding: '8px 10px' }}
        aria-current={selected === MANUAL ? 'true' : undefined}
        onClick={() => setSearch({ cluster: MANUAL, task: null })}
      >
        <span className="muted">Written by hand</span>
      </button>
    </nav>
  );
}

type Selection = Map<string, string>;

function ClusterTasks({
  agentId,
  clusterId,
  taskId,
  selection,
  onToggle,
}: {
  agentId: string;
  clusterId: string;
  taskId: string | null;
  selection: Selection;
  onToggle: (taskId: string, traceId: string) => void;
}) {
  const list = useClusterTasks(agentId, clusterId === MANUAL ? null : clusterId);
  if (list.isPending) {
    return <Loading rows={3} label="Loading tasks" />;
  }
  if (list.isError) {
    return <ErrorState error={list.error} retry={() => void list.refetch()} />;
  }
  const tasks = list.data.data;
  const open = taskId ?? tasks[0]?.id ?? null;
  if (tasks.length === 0) {
    return <p className="muted">No tasks here.</p>;
  }
  return (
    <div className="stack" style={{ gap: 12 }}>
      <h2>
        {clusterId === MANUAL
          ? `${tasks.length} task${tasks.length === 1 ? '' : 's'} written by hand`
          : `${tasks.length} run${tasks.length === 1 ? '' : 's'} of this task`}
      </h2>
      <table className="table" aria-label="Runs of this task">
        <tbody>
          {tasks.map((t) => (
            <tr
              key={t.id}
              className={`clickable${t.id === open ? ' selected' : ''}`}
              data-testid="cluster-task"
            >
              <td style={{ width: 32 }}>
                {t.traceId ? (
                  <input
                    type="checkbox"
                    aria-label={`Select ${t.title}`}
                    checked={selection.has(t.id)}
                    onChange={() => onToggle(t.id, t.traceId as string)}
                  />
                ) : null}
              </td>
              <td style={{ width: 110 }}>
                <LabelBadge label={t.label} />
              </td>
              <td className="truncate" style={{ maxWidth: 0 }}>
                <button
                  type="button"
                  className="btn ghost sm"
                  aria-pressed={t.id === open}
                  style={{ maxWidth: '100%', justifyContent: 'flex-start' }}
                  onClick={() => setSearch({ task: t.id })}
                >
                  <span className="truncate">{t.title}</span>
                </button>
              </td>
              <td className="muted" style={{ width: 140 }}>
                {t.userTurns.length} user turn{t.userTurns.length === 1 ? '' : 's'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open ? <TaskPanel id={open} /> : null}
    </div>
  );
}

function ExtractButton({
  agentId,
  onStarted,
}: {
  agentId: string;
  onStarted: (jobId: string) => void;
}) {
  const extract = useExtractTasks();
  return (
    <>
      <button
        type="button"
        className="btn sm"
        disabled={extract.isPending}
        title="Extract tasks, similar traces and clusters from this agent's traces now"
        onClick={() => extract.mutate(agentId, { onSuccess: (r) => onStarted(r.jobId) })}
      >
        Extract now
      </button>
      {extract.isError ? (
        <span className="badge bad" role="alert">
          {extract.error.message}
        </span>
      ) : null}
    </>
  );
}

/** Makes a taskset of the selected tasks (by their traces), keeping clusters and expectations. */
function SelectionBar({
  agentId,
  selection,
  onClear,
}: {
  agentId: string;
  selection: Selection;
  onClear: () => void;
}) {
  const [name, setName] = useState('');
  const create = useCreateFromTraces((r) => navigate(tasksetHref(r.taskset.id)));
  return (
    <form
      className="card row"
      style={{ padding: 10, marginBottom: 12, flexWrap: 'wrap' }}
      aria-label="Taskset from the selected tasks"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ agentId, name, filter: { traceIds: [...selection.values()] } });
      }}
    >
      <strong>{selection.size} selected</strong>
      <input
        required
        maxLength={200}
        placeholder="Taskset name"
        aria-label="Taskset name"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" className="btn sm primary" disabled={create.isPending}>
        Make a taskset of them
      </button>
      <button type="button" className="btn sm ghost" onClick={onClear}>
        Clear
      </button>
      <WriteError error={create.error} />
    </form>
  );
}

/** The agent's tasks grouped by cluster (runs of one task), each with its labelled runs. */
export default function TasksScreen() {
  const { search } = useLocation();
  const agentId = search.get('agentId');
  const clusters = useTaskClusters(agentId);
  const rows = clusters.data?.data ?? [];
  const selected = search.get('cluster') ?? rows[0]?.clusterId ?? null;
  const refresh = useRefreshTasks();
  const [jobId, setJobId] = useState<string | null>(null);
  const [selection, setSelection] = useState<Selection>(new Map());
  const toggle = (taskId: string, traceId: string) =>
    setSelection((s) => {
      const next = new Map(s);
      if (!next.delete(taskId)) {
        next.set(taskId, traceId);
      }
      return next;
    });
  return (
    <>
      <PageHeader>
        <h1>Tasks</h1>
        <AgentPicker value={agentId} />
        <span className="muted">
          {clusters.data
            ? `${rows.length} tasks · ${rows.reduce((n, c) => n + c.size, 0)} runs`
            : ''}
        </span>
        <span className="spacer" />
        {agentId ? <ExtractButton agentId={agentId} onStarted={setJobId} /> : null}
        {agentId ? (
          <Link className="btn sm primary" to={`/tasksets?agentId=${agentId}&mode=traces`}>
            Make a taskset
          </Link>
        ) : null}
      </PageHeader>
      <div className="page-body flush">
        {jobId ? (
          <div style={{ padding: '12px 16px 0' }}>
            <InlineJob key={jobId} id={jobId} title="Extracting tasks" onFinish={refresh} />
          </div>
        ) : null}
        {!agentId || clusters.isPending ? (
          <Loading label="Loading tasks" />
        ) : clusters.isError ? (
          <ErrorState error={clusters.error} retry={() => void clusters.refetch()} />
        ) : rows.length === 0 && selected !== MANUAL ? (
          <Empty title="No tasks yet">
            Tasks are extracted from an agent's traces a few seconds after they arrive: one per
            trace, with runs of one task grouped together. <strong>Extract now</strong> runs it at
            once.
          </Empty>
        ) : (
          <div className="split" style={{ gridTemplateColumns: '380px minmax(0, 1fr)' }}>
            <ClusterList clusters={rows} selected={selected} />
            <section aria-label="Cluster" style={{ padding: 16 }}>
              {selection.size > 0 ? (
                <SelectionBar
                  agentId={agentId}
                  selection={selection}
                  onClear={() => setSelection(new Map())}
                />
              ) : null}
              {selected ? (
                <ClusterTasks
                  key={selected}
                  agentId={agentId}
                  clusterId={selected}
                  taskId={search.get('task')}
                  selection={selection}
                  onToggle={toggle}
                />
              ) : null}
            </section>
          </div>
        )}
      </div>
    </>
  );
}
