import { useQuery } from '@tanstack/react-query';
import { useAgents } from '../lib/agents';
import { api, qs } from '../lib/api';
import { formatAgo, formatCount } from '../lib/format';
import { Link } from '../lib/router';
import type { Agent, Page, TraceListItem } from '../lib/types';
import { ErrorState, Loading } from './states';

const CAP = 200;

type MatrixStats = { versions: { status: string; stats: { contradictions: number } }[] };

/** Contradictions of the agent's active evals (human label ≠ verdict); null without one. */
function useContradictions(agentId: string): number | null | undefined {
  const matrix = useQuery({
    queryKey: ['contradictions', agentId],
    queryFn: ({ signal }) =>
      api.get<MatrixStats>(`/v1/agents/${encodeURIComponent(agentId)}/matrix?limit=1`, signal),
  });
  if (!matrix.data) {
    return matrix.isError ? null : undefined;
  }
  const active = matrix.data.versions.filter((v) => v.status === 'active');
  return active.length === 0 ? null : active.reduce((n, v) => n + v.stats.contradictions, 0);
}

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
  const contradictions = useContradictions(agent.id);
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
      <td className="num">
        {contradictions === undefined ? (
          '…'
        ) : contradictions === null ? (
          <span className="muted" title="No active eval yet">
            —
          </span>
        ) : contradictions > 0 ? (
          <Link to={`/matrix?agentId=${agent.id}&only=disagreements`} data-testid="contradictions">
            {formatCount(contradictions)}
          </Link>
        ) : (
          '0'
        )}
      </td>
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

/** What needs a person: unlabelled traces and contradictions per agent, one click away. */
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
          <th className="num">Contradictions</th>
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
