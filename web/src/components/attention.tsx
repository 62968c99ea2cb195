import { useQuery } from '@tanstack/react-query';
import { useAgents } from '../lib/agents';
import { api, qs } from '../lib/api';
import { formatAgo, formatCount } from '../lib/format';
import { Link } from '../lib/router';
import type { Agent, Page, TraceListItem } from '../lib/types';
import { ErrorState, Loading } from './states';

const CAP = 200;

function AgentRow({ agent }: { agent: Agent }) {
  const page = useQuery({
    queryKey: ['unlabelled-count', agent.id],
    queryFn: ({ signal }) =>
      api.get<Page<TraceListItem>>(
        `/v1/traces${qs({ agentId: agent.id, labelled: false, limit: CAP })}`,
        signal,
      ),
  });
  const n = page.data?.data.length;
  const more = Boolean(page.data?.nextCursor);
  return (
    <tr>
      <td>
        <Link
          to={`/agents?agentId=${agent.id}`}
          className="truncate"
          style={{ display: 'block', maxWidth: 420 }}
        >
          {agent.name}
        </Link>
        <span className="muted">last trace {formatAgo(agent.lastTraceAt)}</span>
      </td>
      <td className="num">{formatCount(agent.traceCount)}</td>
      <td className="num">{n === undefined ? '…' : `${n}${more ? '+' : ''}`}</td>
      <td style={{ textAlign: 'right' }}>
        {n ? (
          <Link className="btn sm primary" to={`/review?agentId=${agent.id}`}>
            Review
          </Link>
        ) : (
          <span className="badge good">all labelled</span>
        )}
      </td>
    </tr>
  );
}

/** What needs a person: unlabelled traces per agent, one click from the review queue. */
export function Attention() {
  const agents = useAgents();
  if (agents.isPending) {
    return <Loading rows={3} />;
  }
  if (agents.isError) {
    return <ErrorState error={agents.error} retry={() => void agents.refetch()} />;
  }
  if (agents.data.data.length === 0) {
    return (
      <p className="muted" style={{ padding: 16 }}>
        Nothing yet: agents appear here once traces arrive.
      </p>
    );
  }
  return (
    <table className="table">
      <thead>
        <tr>
          <th>Agent</th>
          <th className="num">Traces</th>
          <th className="num">Unlabelled</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {agents.data.data.map((a) => (
          <AgentRow key={a.id} agent={a} />
        ))}
      </tbody>
    </table>
  );
}
