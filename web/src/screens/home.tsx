import { Attention } from '../components/attention';
import { DailyCharts } from '../components/daily-charts';
import { PageHeader } from '../components/shell';
import { ErrorState, Loading } from '../components/states';
import { FirstRun } from '../home/first-run';
import { OpenAlerts } from '../home/open-alerts';
import { RunningJobs } from '../home/running-jobs';
import { useAgents } from '../lib/agents';
import { useHealth } from '../lib/health';
import { Link } from '../lib/router';

function SystemStatus() {
  const health = useHealth();
  if (health.isPending) {
    return <Loading rows={2} />;
  }
  if (health.isError) {
    return <ErrorState error={health.error} retry={() => void health.refetch()} />;
  }
  const h = health.data;
  const sandboxOk = h.sandbox.available;
  return (
    <dl className="kv">
      <dt>Version</dt>
      <dd className="mono">{h.version}</dd>
      <dt>Database</dt>
      <dd>
        <span className={`badge ${h.database.ok ? 'good' : 'bad'}`}>
          <span className="dot" />
          {h.database.ok ? `ok · ${h.database.latencyMs ?? 0} ms` : (h.database.error ?? 'down')}
        </span>
      </dd>
      <dt>Sandbox</dt>
      <dd>
        <span className={`badge ${sandboxOk ? 'good' : 'warn'}`}>
          <span className="dot" />
          {sandboxOk ? `ready · ${h.sandbox.kind}` : 'unavailable'}
        </span>
      </dd>
    </dl>
  );
}

export default function HomeScreen() {
  const agents = useAgents();
  const fresh = agents.isSuccess && agents.data.data.length === 0;
  return (
    <>
      <PageHeader>
        <h1>Home</h1>
      </PageHeader>
      <div className="page-body stack" style={{ gap: 16 }}>
        {fresh ? (
          <section className="card" aria-labelledby="start-title">
            <div className="card-header">
              <h2 id="start-title">Get started: bring traces</h2>
            </div>
            <div className="card-body stack">
              <FirstRun />
              <p className="muted">
                Then label a few traces good or bad from the keyboard (twenty are enough), and
                iofold writes Python evals from your labels, keeping the one that agrees with you
                best on held-out traces.
              </p>
            </div>
          </section>
        ) : null}
        <section className="card" aria-labelledby="attention-title">
          <div className="card-header">
            <h2 id="attention-title">Needs attention</h2>
          </div>
          <div className="card-body" style={{ padding: 0 }}>
            <Attention />
          </div>
        </section>
        {agents.isSuccess && !fresh ? (
          <section aria-labelledby="charts-title" className="stack" style={{ gap: 10 }}>
            <h2 id="charts-title">Last 30 days, every agent</h2>
            <DailyCharts />
          </section>
        ) : null}
        <div className="grid cols-2" style={{ alignItems: 'start' }}>
          <section className="card" aria-labelledby="alerts-title">
            <div className="card-header">
              <h2 id="alerts-title">Open alerts</h2>
            </div>
            <div className="card-body">
              <OpenAlerts />
            </div>
          </section>
          <section className="card" aria-labelledby="jobs-title">
            <div className="card-header">
              <h2 id="jobs-title">Running jobs</h2>
              <span className="spacer" />
              <Link className="btn sm ghost" to="/jobs">
                All jobs
              </Link>
            </div>
            <div className="card-body">
              <RunningJobs />
            </div>
          </section>
        </div>
        <section className="card" aria-labelledby="status-title">
          <div className="card-header">
            <h2 id="status-title">System</h2>
            <span className="spacer" />
            <Link className="btn sm ghost" to="/settings?tab=system">
              Details
            </Link>
          </div>
          <div className="card-body">
            <SystemStatus />
          </div>
        </section>
      </div>
    </>
  );
}
