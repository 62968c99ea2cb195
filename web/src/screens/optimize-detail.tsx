import { Card } from '../components/card';
import { PageHeader } from '../components/shell';
import { ErrorState, Loading } from '../components/states';
import { formatNumber } from '../lib/format';
import {
  bestCandidate,
  canResumeGepa,
  type GepaRun,
  gepaStage,
  useCancelGepaRun,
  useGepaRun,
  useGepaStream,
  useResumeGepaRun,
} from '../lib/gepa';
import { Link } from '../lib/router';
import { formatUsd, isLive } from '../lib/runs';
import { CandidateTree } from '../optimize/candidate-tree';
import { GepaReport, ReviewAgreement } from '../optimize/gepa-report';
import { ProgressBar, RunStatus } from '../runs/run-status';
import { WriteError } from '../tasksets/write-result';

function Actions({ run }: { run: GepaRun }) {
  const cancel = useCancelGepaRun(run.id);
  const resume = useResumeGepaRun(run.id);
  const write = isLive(run.status) ? cancel : canResumeGepa(run.status) ? resume : null;
  if (!write) {
    return null;
  }
  return (
    <>
      <button
        type="button"
        className="btn sm"
        disabled={write.isPending}
        onClick={() => write.mutate(undefined)}
      >
        {write === cancel ? 'Cancel run' : 'Resume run'}
      </button>
      <WriteError error={write.error} />
    </>
  );
}

/** One GEPA run: live progress over SSE, the candidate tree, the test report, cancel/resume. */
export default function OptimizeDetailScreen({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const run = useGepaRun(id);
  const live = isLive(run.data?.status);
  useGepaStream(id, live);
  if (run.isPending) {
    return <Loading label="Loading run" />;
  }
  if (run.isError) {
    return <ErrorState error={run.error} retry={() => void run.refetch()} />;
  }
  const r = run.data;
  return (
    <>
      <PageHeader>
        <nav className="crumbs" aria-label="Breadcrumb">
          <Link to={`/optimize?agentId=${encodeURIComponent(r.agentId)}`}>Optimize</Link>
          <span aria-hidden="true">/</span>
          <strong>{r.id}</strong>
        </nav>
        <RunStatus status={r.status} />
        <span className="spacer" />
        <Actions run={r} />
      </PageHeader>
      <div className="page-body stack" style={{ gap: 16, maxWidth: 1200 }}>
        <div className="grid cols-4">
          <div className="stat">
            <div className="label">Budget</div>
            <div className="value" data-testid="gepa-budget">
              {r.usedRollouts} / {r.budgetRollouts}
            </div>
            <div className="sub">
              <ProgressBar done={r.usedRollouts} of={r.budgetRollouts} label="Rollouts used" />
            </div>
          </div>
          <div className="stat">
            <div className="label">Stage</div>
            <div className="value" data-testid="gepa-stage">
              {gepaStage(r)}
            </div>
            <div className="sub">
              iteration {r.iteration}
              {live ? ' · live' : ''}
            </div>
          </div>
          <div className="stat">
            <div className="label">Best on validation</div>
            <div className="value">{formatNumber(bestCandidate(r)?.valAverage)}</div>
            <div className="sub">{r.candidates.length} candidates</div>
          </div>
          <div className="stat">
            <div className="label">Reflection</div>
            <div className="value">{formatUsd(r.reflection.usd)}</div>
            <div className="sub">{r.reflection.calls} calls</div>
          </div>
        </div>
        {r.error ? <p className="badge bad">{r.error}</p> : null}
        <Card title="Candidates">
          <CandidateTree candidates={r.candidates} best={r.best} />
        </Card>
        {r.testReport ? (
          <Card title="Test split report">
            <GepaReport run={r} report={r.testReport} />
          </Card>
        ) : null}
        {r.reviewAgreement ? (
          <Card title="Evals vs review labels">
            <ReviewAgreement review={r.reviewAgreement} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
