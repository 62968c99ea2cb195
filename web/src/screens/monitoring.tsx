import { AgentPicker } from '../components/agent-picker';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { useAgents } from '../lib/agents';
import { type AlertStatus, useLatestEvals, utcDay } from '../lib/monitoring';
import { Link, setSearch, useLocation } from '../lib/router';
import { useSession } from '../lib/session';
import { AlertsPanel } from '../monitoring/alerts-panel';
import { EvalMonitorCard } from '../monitoring/eval-monitor-card';

const RANGES = [14, 30, 90] as const;
const ALERT_STATUSES: AlertStatus[] = ['open', 'acknowledged', 'resolved'];

function EvalCharts({
  agentId,
  days,
  canWrite,
}: {
  agentId: string;
  days: number;
  canWrite: boolean;
}) {
  const { search } = useLocation();
  const evals = useLatestEvals(agentId);
  const to = utcDay(0);
  const from = utcDay(-(days - 1));
  if (evals.isPending) {
    return <Loading />;
  }
  if (evals.isError) {
    return <ErrorState error={evals.error} retry={() => void evals.refetch()} />;
  }
  const shown = evals.data.data.filter((e) => e.status !== 'archived');
  if (shown.length === 0) {
    return (
      <Empty
        title="No evals to monitor for this agent"
        actions={
          <Link className="btn primary" to={`/evals?agentId=${agentId}`}>
            Go to Evals
          </Link>
        }
      >
        Generate an eval from your labels and activate it: monitoring snapshots its agreement and
        pass rate every day.
      </Empty>
    );
  }
  const open = search.get('eval');
  return (
    <>
      {shown.map((e) => (
        <EvalMonitorCard
          key={e.id}
          evalVersion={e}
          from={from}
          to={to}
          canWrite={canWrite}
          expanded={open === e.id}
          onToggle={() => setSearch({ eval: open === e.id ? null : e.id })}
        />
      ))}
    </>
  );
}

export default function MonitoringScreen() {
  const { search } = useLocation();
  const session = useSession();
  const agents = useAgents();
  const canWrite = session.data?.workspace?.role !== 'viewer';
  const agentId = search.get('agentId');
  const requestedDays = Number(search.get('days'));
  const days = RANGES.find((r) => r === requestedDays) ?? 30;
  const requestedStatus = search.get('alerts');
  const status = ALERT_STATUSES.find((s) => s === requestedStatus) ?? 'open';
  return (
    <>
      <PageHeader>
        <h1>Monitoring</h1>
        <AgentPicker value={agentId} />
        <span className="spacer" />
        <label className="row" style={{ gap: 6 }}>
          <span className="muted">Period</span>
          <select
            value={days}
            onChange={(e) => setSearch({ days: e.target.value === '30' ? null : e.target.value })}
          >
            {RANGES.map((r) => (
              <option key={r} value={r}>
                last {r} days
              </option>
            ))}
          </select>
        </label>
      </PageHeader>
      <div className="page-body stack" style={{ gap: 16 }}>
        <AlertsPanel
          status={status}
          canWrite={canWrite}
          onStatus={(s) => setSearch({ alerts: s === 'open' ? null : s })}
        />
        {agentId ? (
          <EvalCharts agentId={agentId} days={days} canWrite={canWrite} />
        ) : agents.isPending ? (
          <Loading rows={3} />
        ) : (
          <Empty title="No agent yet">
            Agents appear once traces arrive; monitoring follows their active evals.
          </Empty>
        )}
      </div>
    </>
  );
}
