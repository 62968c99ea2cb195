import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { AgentPicker } from '../components/agent-picker';
import { EvalStatus } from '../components/evals/eval-metrics';
import { abstentionOf, GenerationAnswer } from '../components/evals/generation-answer';
import { InlineJob } from '../components/job-progress';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { useAgents } from '../lib/agents';
import { groupByName, useEvalVersions, useGenerateEval } from '../lib/evals';
import { formatNumber } from '../lib/format';
import { Link, setSearch, useLocation } from '../lib/router';
import type { Agent, Job } from '../lib/types';
import { EvalDetail } from './eval-detail';

/** Where this agent stands against what generation needs: 8 labels, 2 good and 2 bad. */
function labelsNeeded(agent: Agent | undefined): string {
  if (!agent) {
    return 'Label some traces good and some bad (at least 8, 2 of each), then generate.';
  }
  const { positive, negative, neutral } = agent.labels;
  const have = `This agent has ${positive + negative + neutral} labelled traces (${positive} good, ${negative} bad, ${neutral} neutral).`;
  const missing = Math.max(0, 8 - positive - negative - neutral);
  const short = [
    positive < 2 ? `${2 - positive} more good` : '',
    negative < 2 ? `${2 - negative} more bad` : '',
  ].filter(Boolean);
  if (missing === 0 && short.length === 0) {
    return `${have} That is enough: press Generate eval.`;
  }
  const asks = [...short, ...(missing > 0 ? [`${missing} more in all`] : [])];
  return `${have} Generation needs at least 8, 2 good and 2 bad: label ${asks.join(' and ')}, then generate.`;
}

export default function EvalsScreen() {
  const { search } = useLocation();
  const agentId = search.get('agentId');
  const jobId = search.get('job');
  const [finished, setFinished] = useState<string | null>(null);
  const [force, setForce] = useState(false);
  const [answer, setAnswer] = useState<ReturnType<typeof abstentionOf>>(null);
  // While a job this screen started runs, its results are polled too (besides its events).
  const polling = Boolean(jobId) && finished !== jobId;
  const versions = useEvalVersions(agentId, polling);
  const generate = useGenerateEval(agentId);
  const agent = useAgents().data?.data.find((a) => a.id === agentId);
  const queryClient = useQueryClient();
  const all = versions.data?.data ?? [];
  const selected =
    all.find((v) => v.id === search.get('eval')) ??
    all.find((v) => v.status === 'active') ??
    all[0];
  const onFinish = useCallback(
    (job: Job) => {
      setFinished(job.id);
      setAnswer(abstentionOf(job));
      for (const key of ['evals', 'eval', 'eval-compare', 'matrix']) {
        void queryClient.invalidateQueries({ queryKey: [key] });
      }
      const evalId = (job.result as { evalId?: string | null } | null)?.evalId;
      if (job.status === 'succeeded' && evalId && job.type !== 'eval.execute') {
        setSearch({ eval: evalId, tab: null });
      }
    },
    [queryClient],
  );
  return (
    <>
      <PageHeader>
        <h1>Evals</h1>
        <AgentPicker value={agentId} />
        <span className="spacer" />
        {agentId ? (
          <>
            <Link className="btn" to={`/matrix?agentId=${agentId}`}>
              Open matrix
            </Link>
            <label
              className="row"
              title="Create a version even when no candidate clearly beats always giving the majority verdict"
            >
              <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
              Even if it does not beat the baseline
            </label>
            <button
              type="button"
              className="btn primary"
              disabled={generate.isPending}
              onClick={() =>
                generate.mutate(
                  { force },
                  {
                    onSuccess: (r) => {
                      setAnswer(null);
                      setSearch({ job: r.jobId });
                    },
                  },
                )
              }
            >
              {generate.isPending ? 'Starting…' : 'Generate eval'}
            </button>
          </>
        ) : null}
      </PageHeader>
      {generate.isError ? (
        <p className="alert error" role="alert" style={{ margin: '12px 20px 0' }}>
          {generate.error.message}
        </p>
      ) : null}
      {jobId ? (
        <div style={{ margin: '12px 20px 0' }}>
          <InlineJob key={jobId} id={jobId} onFinish={onFinish} />
          {answer ? (
            <div style={{ marginTop: 8 }}>
              <GenerationAnswer answer={answer} />
            </div>
          ) : null}
        </div>
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
          <Empty
            title="No evals for this agent"
            actions={
              <Link className="btn" to={`/review?agentId=${agentId}`}>
                Label traces
              </Link>
            }
          >
            <span data-testid="evals-labels-needed">{labelsNeeded(agent)}</span> iofold writes
            candidate Python evals and keeps the one that agrees with you best on held-out traces.
            Without a model configured, the offline synthesiser writes them.
          </Empty>
        ) : (
          <div className="split" style={{ gridTemplateColumns: '280px minmax(0, 1fr)' }}>
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
                      aria-label={`${name} version ${v.version}, ${v.status}`}
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
            <section aria-label="Eval version" style={{ padding: 20 }}>
              {selected ? (
                <EvalDetail
                  key={selected.id}
                  version={selected}
                  versions={all}
                  tab={search.get('tab') ?? 'overview'}
                  compareId={search.get('compare')}
                  poll={polling}
                  onJob={(id) => setSearch({ job: id })}
                />
              ) : null}
            </section>
          </div>
        )}
      </div>
    </>
  );
}
