import { labelsToAdd } from '@/evals/generation/labels-to-add';
import { AgentPicker } from '../components/agent-picker';
import { EvalVersionList } from '../components/evals/eval-version-list';
import {
  GenerateEvalControls,
  startGeneration,
  useEvalJob,
} from '../components/evals/generate-eval-controls';
import { GenerationAnswer } from '../components/evals/generation-answer';
import { InlineJob } from '../components/job-progress';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { useAgents } from '../lib/agents';
import { useEvalVersions, useGenerateEval } from '../lib/evals';
import { labelsNeeded } from '../lib/labels-needed';
import { Link, setSearch, useLocation } from '../lib/router';
import type { Agent } from '../lib/types';
import { EvalDetail } from './eval-detail';

/** No eval yet: what labels generation still needs, and where to label. */
function NoEvals({ agentId, agent }: { agentId: string; agent: Agent | undefined }) {
  return (
    <Empty
      title="No evals for this agent"
      actions={
        <Link className="btn" to={`/review?agentId=${agentId}`}>
          Label traces
        </Link>
      }
    >
      <span data-testid="evals-labels-needed">{labelsNeeded(agent)}</span> iofold writes candidate
      Python evals and keeps the one that agrees with you best on held-out traces. Without a model
      configured, the offline synthesiser writes them.
    </Empty>
  );
}

export default function EvalsScreen() {
  const { search } = useLocation();
  const agentId = search.get('agentId');
  const jobId = search.get('job');
  const job = useEvalJob(jobId);
  // While a job this screen started runs, its results are polled too (besides its events).
  const versions = useEvalVersions(agentId, job.polling);
  const generate = useGenerateEval(agentId);
  const agent = useAgents().data?.data.find((a) => a.id === agentId);
  const all = versions.data?.data ?? [];
  const selected =
    all.find((v) => v.id === search.get('eval')) ??
    all.find((v) => v.status === 'active') ??
    all[0];
  return (
    <>
      <PageHeader>
        <h1>Evals</h1>
        <AgentPicker value={agentId} />
        <span className="spacer" />
        {agentId ? (
          <GenerateEvalControls
            agentId={agentId}
            generate={generate}
            shortfall={agent ? labelsToAdd(agent.labels.positive, agent.labels.negative) : null}
            onStart={() => job.setAnswer(null)}
          />
        ) : null}
      </PageHeader>
      {generate.isError ? (
        <p className="alert error" role="alert" style={{ margin: '12px 20px 0' }}>
          {generate.error.message}
        </p>
      ) : null}
      {jobId ? (
        <div style={{ margin: '12px 20px 0' }}>
          <InlineJob key={jobId} id={jobId} onFinish={job.onFinish} />
          {job.answer ? (
            <div style={{ marginTop: 8 }}>
              <GenerationAnswer
                answer={job.answer}
                forcing={generate.isPending}
                onForce={() => startGeneration(generate, true, () => job.setAnswer(null))}
              />
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
          // after an abstention its answer says what to do; "press Generate eval" would contradict it
          job.answer ? null : (
            <NoEvals agentId={agentId} agent={agent} />
          )
        ) : (
          <div className="split" style={{ gridTemplateColumns: '280px minmax(0, 1fr)' }}>
            <EvalVersionList versions={all} selectedId={selected?.id} />
            <section aria-label="Eval version" style={{ padding: 20 }}>
              {selected ? (
                <EvalDetail
                  key={selected.id}
                  version={selected}
                  versions={all}
                  tab={search.get('tab') ?? 'overview'}
                  compareId={search.get('compare')}
                  poll={job.polling}
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
