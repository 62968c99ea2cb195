import { CodeDiff } from '../components/code-view';
import { DailyCharts } from '../components/daily-charts';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { useAgent, useAgents } from '../lib/agents';
import { formatAgo, formatCount } from '../lib/format';
import { Link, setSearch, useLocation } from '../lib/router';
import type { AgentDetail, AgentVersion } from '../lib/types';

const TONE: Record<string, string> = {
  active: 'good',
  candidate: 'accent',
  rejected: 'bad',
  archived: 'warn',
};

function VersionPanel({
  agent,
  version,
  compare,
}: {
  agent: AgentDetail;
  version: AgentVersion;
  compare: AgentVersion | null;
}) {
  return (
    <div className="stack">
      <div className="row">
        <h2>Version {version.version}</h2>
        <span className={`badge ${TONE[version.status] ?? ''}`}>{version.status}</span>
        <span className="muted">
          {version.source} · {formatAgo(version.createdAt)}
        </span>
        <span className="spacer" />
        {agent.versions.length > 1 ? (
          <label className="row">
            Diff against
            <select
              aria-label="Version to diff against"
              value={compare?.id ?? ''}
              onChange={(e) => setSearch({ compare: e.target.value || null })}
            >
              <option value="">(none)</option>
              {agent.versions
                .filter((v) => v.id !== version.id)
                .map((v) => (
                  <option key={v.id} value={v.id}>
                    v{v.version}
                  </option>
                ))}
            </select>
          </label>
        ) : null}
      </div>
      {version.variables.length > 0 ? (
        <p className="muted">
          Variables:{' '}
          {version.variables.map((v) => (
            <code key={v} style={{ marginRight: 6 }}>{`{{${v}}}`}</code>
          ))}
        </p>
      ) : null}
      {compare ? (
        <CodeDiff
          before={compare.promptTemplate}
          after={version.promptTemplate}
          label={`Prompt diff v${compare.version} to v${version.version}`}
        />
      ) : (
        <pre className="code" style={{ maxHeight: 'none' }}>
          {version.promptTemplate}
        </pre>
      )}
    </div>
  );
}

function AgentPanel({
  id,
  versionId,
  compareId,
}: {
  id: string;
  versionId: string | null;
  compareId: string | null;
}) {
  const agent = useAgent(id);
  if (agent.isPending) {
    return <Loading />;
  }
  if (agent.isError) {
    return <ErrorState error={agent.error} retry={() => void agent.refetch()} />;
  }
  const a = agent.data;
  const version =
    a.versions.find((v) => v.id === versionId) ??
    a.versions.find((v) => v.id === a.activeVersionId) ??
    a.versions[0];
  const compare = a.versions.find((v) => v.id === compareId) ?? null;
  return (
    <div className="stack" style={{ gap: 18 }}>
      <div className="row">
        <h2>{a.name}</h2>
        <span className="badge">{a.status}</span>
        <span className="spacer" />
        <Link className="btn sm" to={`/traces?agentId=${a.id}`}>
          Traces
        </Link>
        <Link className="btn sm" to={`/review?agentId=${a.id}`}>
          Review
        </Link>
        <Link className="btn sm" to={`/tasks?agentId=${a.id}`}>
          Tasks
        </Link>
        <Link className="btn sm" to={`/tasksets?agentId=${a.id}`}>
          Tasksets
        </Link>
      </div>
      {a.description ? <p className="text-2">{a.description}</p> : null}
      <div className="tabs" style={{ padding: 0 }}>
        {a.versions.map((v) => (
          <button
            key={v.id}
            type="button"
            role="tab"
            aria-selected={version?.id === v.id}
            onClick={() => setSearch({ version: v.id, compare: null })}
          >
            {/* the version's own status, as its badge says (a discovered one stays a candidate) */}
            v{v.version} · {v.status}
          </button>
        ))}
      </div>
      {version ? (
        <VersionPanel agent={a} version={version} compare={compare} />
      ) : (
        <p className="muted">No prompt versions recorded yet.</p>
      )}
      <section aria-labelledby="agent-charts-title" className="stack" style={{ gap: 10 }}>
        <h2 id="agent-charts-title">Last 30 days</h2>
        <DailyCharts agentId={a.id} />
      </section>
    </div>
  );
}

export default function AgentsScreen() {
  const { search } = useLocation();
  const agents = useAgents();
  const list = agents.data?.data ?? [];
  const selected = search.get('agentId') ?? list[0]?.id ?? null;
  return (
    <>
      <PageHeader>
        <h1>Agents</h1>
        <span className="muted">Grouped by system prompt as traces arrive</span>
      </PageHeader>
      <div className="page-body flush">
        {agents.isPending ? (
          <Loading />
        ) : agents.isError ? (
          <ErrorState error={agents.error} retry={() => void agents.refetch()} />
        ) : list.length === 0 ? (
          <Empty title="No agents yet">
            Each distinct system prompt in your traces becomes an agent, with a version per prompt
            change.
          </Empty>
        ) : (
          <div className="split" style={{ gridTemplateColumns: '320px minmax(0, 1fr)' }}>
            <section aria-label="Agents" style={{ padding: 8 }}>
              {list.map((a) => (
                <button
                  type="button"
                  key={a.id}
                  className="span-node"
                  style={{ gridTemplateColumns: '1fr auto', padding: '8px 10px' }}
                  aria-current={selected === a.id ? 'true' : undefined}
                  onClick={() => setSearch({ agentId: a.id, version: null, compare: null })}
                >
                  <span className="truncate" style={{ fontWeight: 500 }}>
                    {a.name}
                  </span>
                  <span className="muted">{formatCount(a.traceCount)} traces</span>
                </button>
              ))}
            </section>
            <section aria-label="Agent">
              {selected ? (
                <AgentPanel
                  id={selected}
                  versionId={search.get('version')}
                  compareId={search.get('compare')}
                />
              ) : null}
            </section>
          </div>
        )}
      </div>
    </>
  );
}
