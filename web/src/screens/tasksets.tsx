import { AgentPicker } from '../components/agent-picker';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { useAgents } from '../lib/agents';
import { formatAgo } from '../lib/format';
import { Link, setSearch, useLocation } from '../lib/router';
import { type Taskset, tasksetHref, useTasksets } from '../lib/tasksets';
import { ImportTau2Form } from '../tasksets/import-tau2-form';
import { NewTasksetByHand } from '../tasksets/new-taskset-by-hand';
import { NewTasksetFromTraces } from '../tasksets/new-taskset-from-traces';
import { SplitCounts } from '../tasksets/split-counts';

const MODES = [
  ['traces', 'From traces'],
  ['hand', 'By hand'],
  ['tau2', 'Import tau2'],
] as const;
type Mode = (typeof MODES)[number][0];

function TasksetTable({ rows }: { rows: Taskset[] }) {
  return (
    <table className="table" aria-label="Tasksets">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Version</th>
          <th scope="col" className="num">
            Tasks
          </th>
          <th scope="col">Split</th>
          <th scope="col">Source</th>
          <th scope="col">Changed</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((t) => (
          <tr key={t.id} data-testid="taskset-row">
            <td>
              <Link to={tasksetHref(t.id)}>{t.name}</Link>
              {t.description ? <div className="muted truncate">{t.description}</div> : null}
            </td>
            <td>
              v{t.version}
              {t.frozenAt ? <span className="badge warn"> frozen</span> : null}
            </td>
            <td className="num">{t.taskCount}</td>
            <td>
              <SplitCounts counts={t.splitCounts} />
            </td>
            <td className="muted">{t.source}</td>
            <td className="muted">{formatAgo(t.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NewTaskset({ agentId, mode }: { agentId: string; mode: Mode }) {
  return (
    <section className="card" aria-labelledby="new-taskset-title">
      <div className="card-header">
        <h2 id="new-taskset-title">New taskset</h2>
        <span className="spacer" />
        <fieldset className="seg" aria-label="How to make it">
          {MODES.map(([m, text]) => (
            <button
              key={m}
              type="button"
              aria-pressed={mode === m}
              onClick={() => setSearch({ mode: m })}
            >
              {text}
            </button>
          ))}
        </fieldset>
      </div>
      <div className="card-body">
        {mode === 'tau2' ? (
          <ImportTau2Form key={agentId} agentId={agentId} />
        ) : mode === 'hand' ? (
          <NewTasksetByHand key={agentId} agentId={agentId} />
        ) : (
          <NewTasksetFromTraces key={agentId} agentId={agentId} />
        )}
      </div>
    </section>
  );
}

/** The agent's tasksets (latest version of each) and the ways to make a new one. */
export default function TasksetsScreen() {
  const { search } = useLocation();
  const agentId = search.get('agentId');
  const mode = (MODES.find(([m]) => m === search.get('mode'))?.[0] ?? 'traces') as Mode;
  const agents = useAgents();
  const list = useTasksets(agentId);
  const rows = list.data?.data ?? [];
  return (
    <>
      <PageHeader>
        <h1>Tasksets</h1>
        <AgentPicker value={agentId} />
        <span className="muted">
          Tasks to run an agent on, split into train, validation and test
        </span>
      </PageHeader>
      <div className="page-body stack" style={{ gap: 16, maxWidth: 1100 }}>
        {agents.isPending ? (
          <Loading rows={3} label="Loading agents" />
        ) : agents.isError ? (
          <ErrorState error={agents.error} retry={() => void agents.refetch()} />
        ) : agents.data.data.length === 0 ? (
          <Empty title="No agent yet">
            Tasksets belong to an agent. Import traces first: each system prompt becomes an agent.
          </Empty>
        ) : !agentId ? (
          <Loading rows={3} label="Picking an agent" />
        ) : (
          <>
            {list.isPending ? (
              <Loading rows={3} label="Loading tasksets" />
            ) : list.isError ? (
              <ErrorState error={list.error} retry={() => void list.refetch()} />
            ) : rows.length === 0 ? (
              <p className="muted" data-testid="no-tasksets">
                This agent has no tasksets yet. Make one below.
              </p>
            ) : (
              <div className="card">
                <TasksetTable rows={rows} />
              </div>
            )}
            <NewTaskset agentId={agentId} mode={mode} />
          </>
        )}
      </div>
    </>
  );
}
