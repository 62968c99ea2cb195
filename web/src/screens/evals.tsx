import { AgentPicker } from '../components/agent-picker';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { groupByName, useEvalAction, useEvalVersions } from '../lib/evals';
import { formatNumber } from '../lib/format';
import { Link, setSearch, useLocation } from '../lib/router';
import { EvalDetail, EvalStatus } from './eval-detail';

export default function EvalsScreen() {
  const { search } = useLocation();
  const agentId = search.get('agentId');
  const versions = useEvalVersions(agentId);
  const generate = useEvalAction();
  const all = versions.data?.data ?? [];
  const selected =
    all.find((v) => v.id === search.get('eval')) ??
    all.find((v) => v.status === 'active') ??
    all[0];
  const siblings = selected ? all.filter((v) => v.name === selected.name) : [];
  return (
    <>
      <PageHeader>
        <h1>Evals</h1>
        <AgentPicker value={agentId} />
        <span className="spacer" />
        {agentId ? (
          <button
            type="button"
            className="btn primary"
            disabled={generate.isPending}
            onClick={() => generate.mutate({ path: '/v1/evals/generate', body: { agentId } })}
          >
            {generate.isPending ? 'Starting…' : 'Generate eval'}
          </button>
        ) : null}
      </PageHeader>
      {generate.isError ? (
        <p className="alert error" role="alert" style={{ margin: '12px 20px 0' }}>
          {generate.error.message}
        </p>
      ) : null}
      {generate.data?.jobId ? (
        <p className="alert" role="status" style={{ margin: '12px 20px 0' }}>
          Generating from your labels.{' '}
          <Link to={`/jobs?job=${generate.data.jobId}`}>Follow the job</Link>
        </p>
      ) : null}
      <div className="page-body flush">
        {!agentId ? (
          <Empty title="No agent yet">
            Agents appear once traces arrive; each system prompt becomes an agent.
          </Empty>
        ) : versions.isPending ? (
          <Loading />
        ) : versions.isError ? (
          <ErrorState error={versions.error} retry={() => void versions.refetch()} />
        ) : all.length === 0 ? (
          <Empty title="No evals for this agent">
            Label at least twenty traces (some good, some bad), then generate: iofold writes
            candidate Python evals and keeps the one that agrees with you best on held-out traces.
          </Empty>
        ) : (
          <div className="split" style={{ gridTemplateColumns: '300px minmax(0, 1fr)' }}>
            <section aria-label="Eval versions" style={{ padding: 12 }}>
              {groupByName(all).map(([name, list]) => (
                <div key={name} style={{ marginBottom: 14 }}>
                  <h3 className="mono" style={{ padding: '4px 8px' }}>
                    {name}
                  </h3>
                  {list.map((v) => (
                    <button
                      type="button"
                      key={v.id}
                      className="span-node"
                      style={{ gridTemplateColumns: '40px 1fr auto' }}
                      aria-current={selected?.id === v.id ? 'true' : undefined}
                      onClick={() => setSearch({ eval: v.id, compare: null })}
                    >
                      <span className="mono">v{v.version}</span>
                      <EvalStatus status={v.status} />
                      <span className="muted mono" title="held-out kappa">
                        κ {formatNumber(v.heldOutMetrics?.kappa)}
                      </span>
                    </button>
                  ))}
                </div>
              ))}
            </section>
            <section aria-label="Eval version">
              {selected ? (
                <EvalDetail
                  version={selected}
                  versions={siblings}
                  tab={search.get('tab') ?? 'overview'}
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
