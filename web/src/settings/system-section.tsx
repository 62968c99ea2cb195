import { ErrorState, Loading } from '../components/states';
import { useHealth } from '../lib/health';
import { Link } from '../lib/router';

/** Version, database and sandbox as `/health` reports them (read-only). */
export function SystemSection() {
  const health = useHealth();
  if (health.isPending) {
    return <Loading rows={3} />;
  }
  if (health.isError) {
    return <ErrorState error={health.error} retry={() => void health.refetch()} />;
  }
  const { version, database, sandbox, model } = health.data;
  return (
    <section className="card" aria-labelledby="system-title">
      <div className="card-header">
        <h2 id="system-title">System</h2>
        <span className="spacer" />
        <button
          type="button"
          className="btn sm"
          disabled={health.isFetching}
          onClick={() => void health.refetch()}
        >
          {health.isFetching ? 'Checking…' : 'Check again'}
        </button>
      </div>
      <div className="card-body stack">
        <dl className="kv">
          <dt>Version</dt>
          <dd className="mono">{version}</dd>
          <dt>Database</dt>
          <dd>
            <span className={`badge ${database.ok ? 'good' : 'bad'}`}>
              <span className="dot" />
              {database.ok ? `ok · ${database.latencyMs ?? 0} ms` : (database.error ?? 'down')}
            </span>
          </dd>
          <dt>Sandbox</dt>
          <dd data-testid="sandbox-status">
            <span className={`badge ${sandbox.available ? 'good' : 'warn'}`}>
              <span className="dot" />
              {sandbox.available ? 'available' : 'unavailable'}
            </span>{' '}
            <span className="muted">{sandbox.kind}</span>
          </dd>
          {model ? (
            <>
              <dt>Model provider</dt>
              <dd data-testid="model-status">
                {model.configured ? (
                  <span className="badge good">
                    <span className="dot" />
                    {model.name}
                  </span>
                ) : (
                  <span className="badge warn">none in the server's environment</span>
                )}{' '}
                <span className="muted">
                  A model-provider <Link to="/settings?tab=integrations">integration</Link> of this
                  workspace takes precedence.
                </span>
              </dd>
            </>
          ) : null}
        </dl>
        {model && !model.configured ? <p className="muted">{model.message}</p> : null}
        {sandbox.available ? null : (
          <p className="alert warn">
            Evals cannot run until a sandbox is available
            {sandbox.reason ? `: ${sandbox.reason}` : ''}. See <code>docs/sandbox.md</code>.
          </p>
        )}
        {sandbox.layers.length > 0 ? (
          <table className="table" aria-label="Sandbox isolation layers">
            <thead>
              <tr>
                <th>Isolation layer</th>
                <th>State</th>
                <th>Detail</th>
              </tr>
            </thead>
            <tbody>
              {sandbox.layers.map((layer) => (
                <tr key={layer.name}>
                  <td>{layer.name}</td>
                  <td>
                    <span className={`badge ${layer.active ? 'good' : 'warn'}`}>
                      {layer.active ? 'active' : 'off'}
                    </span>
                  </td>
                  <td className="muted">{layer.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </section>
  );
}
