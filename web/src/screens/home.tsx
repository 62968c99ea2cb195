import { Attention } from '../components/attention';
import { PageHeader } from '../components/shell';
import { ErrorState, Loading } from '../components/states';
import { useHealth } from '../lib/health';

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
  return (
    <>
      <PageHeader>
        <h1>Home</h1>
      </PageHeader>
      <div className="page-body stack" style={{ gap: 16 }}>
        <section className="card" aria-labelledby="attention-title">
          <div className="card-header">
            <h2 id="attention-title">Needs attention</h2>
          </div>
          <div className="card-body" style={{ padding: 0 }}>
            <Attention />
          </div>
        </section>
        <div className="grid cols-2" style={{ alignItems: 'start' }}>
          <section className="card" aria-labelledby="start-title">
            <div className="card-header">
              <h2 id="start-title">Get started</h2>
            </div>
            <div className="card-body stack">
              <div>
                <h3>1 · Bring traces</h3>
                <p className="muted">
                  Import a file with <code>iofold import traces.jsonl</code>, or point the Langfuse
                  SDK or an OpenTelemetry exporter at this server.
                </p>
              </div>
              <div>
                <h3>2 · Label a few</h3>
                <p className="muted">
                  Mark traces good, bad or neutral from the keyboard. Twenty labels are enough to
                  start.
                </p>
              </div>
              <div>
                <h3>3 · Generate an eval</h3>
                <p className="muted">
                  iofold writes Python eval functions from your labels and keeps the one that agrees
                  with you on held-out traces.
                </p>
              </div>
            </div>
          </section>
          <section className="card" aria-labelledby="status-title">
            <div className="card-header">
              <h2 id="status-title">System</h2>
            </div>
            <div className="card-body">
              <SystemStatus />
            </div>
          </section>
        </div>
      </div>
    </>
  );
}
