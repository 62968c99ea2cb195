import { AgentPicker } from '../components/agent-picker';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { formatAgo, formatCount, formatPercent } from '../lib/format';
import { Link, setSearch, useLocation } from '../lib/router';
import { useTraceGroups } from '../lib/trace-views';

/** Traces grouped by session or by user, each group linking to its traces. */
export default function SessionsScreen() {
  const { search } = useLocation();
  const by = search.get('by') === 'user' ? 'user' : 'session';
  const agentId = search.get('agentId');
  const groups = useTraceGroups(by, agentId);
  const filterKey = by === 'session' ? 'sessionId' : 'userId';
  return (
    <>
      <PageHeader>
        <h1>{by === 'session' ? 'Sessions' : 'Users'}</h1>
        <fieldset className="seg" aria-label="Group by">
          {(['session', 'user'] as const).map((b) => (
            <button
              key={b}
              type="button"
              aria-pressed={b === by}
              onClick={() => setSearch({ by: b === 'session' ? null : b })}
            >
              {b === 'session' ? 'Sessions' : 'Users'}
            </button>
          ))}
        </fieldset>
        <AgentPicker value={agentId} />
        <span className="muted">
          {groups.data
            ? `${formatCount(groups.data.total)} ${by === 'session' ? 'sessions' : 'users'} · ${formatCount(groups.data.ungrouped)} traces without one`
            : ''}
        </span>
      </PageHeader>
      <div className="page-body">
        {groups.isPending ? (
          <Loading label={`Loading ${by}s`} rows={6} />
        ) : groups.isError ? (
          <ErrorState error={groups.error} retry={() => void groups.refetch()} />
        ) : groups.data.groups.length === 0 ? (
          <Empty title={by === 'session' ? 'No sessions yet' : 'No users yet'}>
            Traces join a {by} by their protocol's {by} id (Langfuse, OpenTelemetry) or by{' '}
            <code>{by}_id</code> in their metadata.
          </Empty>
        ) : (
          <table className="table" aria-label={by === 'session' ? 'Sessions' : 'Users'}>
            <thead>
              <tr>
                <th>{by === 'session' ? 'Session' : 'User'}</th>
                <th className="num">Traces</th>
                <th>First seen</th>
                <th>Last seen</th>
                <th className="num">Error rate</th>
                <th>Labels</th>
                <th className="num">Tokens</th>
              </tr>
            </thead>
            <tbody>
              {groups.data.groups.map((g) => {
                const href = `/traces?${new URLSearchParams({
                  [filterKey]: g.key,
                  ...(agentId ? { agentId } : {}),
                }).toString()}`;
                return (
                  <tr key={g.key} data-testid="trace-group">
                    <td>
                      <Link to={href}>{g.key}</Link>
                    </td>
                    <td className="num">{formatCount(g.traces)}</td>
                    <td className="muted">{formatAgo(g.firstSeen)}</td>
                    <td className="muted">{formatAgo(g.lastSeen)}</td>
                    <td className={`num${g.errors ? ' bad-text' : ''}`}>
                      {formatPercent(g.errorRate)}
                    </td>
                    <td>
                      <span className="badge good">{g.labels.positive} good</span>{' '}
                      <span className="badge bad">{g.labels.negative} bad</span>{' '}
                      <span className="badge">{g.labels.neutral} neutral</span>
                    </td>
                    <td className="num muted">{formatCount(g.tokens)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
