import { AgentPicker } from '../components/agent-picker';
import { Card } from '../components/card';
import { PageHeader } from '../components/shell';
import { ErrorState, Loading } from '../components/states';
import { formatAgo, formatNumber } from '../lib/format';
import { bestCandidate, gepaRunHref, gepaStage, useGepaRuns } from '../lib/gepa';
import { Link, useLocation } from '../lib/router';
import { NewGepaRunForm } from '../optimize/new-gepa-run-form';
import { RunStatus } from '../runs/run-status';

/** GEPA runs of the picked agent: start one, see each one's budget, pool and best score. */
export default function OptimizeScreen() {
  const { search } = useLocation();
  const agentId = search.get('agentId');
  const runs = useGepaRuns(agentId);
  return (
    <>
      <PageHeader>
        <h1>Optimize</h1>
        <AgentPicker value={agentId} />
        <span className="muted">GEPA: rewrite the prompt, keep what the aligned evals reward</span>
      </PageHeader>
      <div className="page-body stack" style={{ gap: 16, maxWidth: 1200 }}>
        <Card title="Start an optimisation">
          {agentId ? <NewGepaRunForm key={agentId} agentId={agentId} /> : <Loading rows={2} />}
        </Card>
        <Card title="Optimisation runs">
          {runs.isPending ? (
            <Loading rows={3} label="Loading runs" />
          ) : runs.isError ? (
            <ErrorState error={runs.error} retry={() => void runs.refetch()} />
          ) : runs.data.data.length === 0 ? (
            <p className="muted">No optimisation runs yet.</p>
          ) : (
            <table className="table" aria-label="Optimisation runs">
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Status</th>
                  <th scope="col">Stage</th>
                  <th scope="col" className="num">
                    Rollouts
                  </th>
                  <th scope="col" className="num">
                    Candidates
                  </th>
                  <th scope="col" className="num">
                    Best val
                  </th>
                  <th scope="col">Started</th>
                </tr>
              </thead>
              <tbody>
                {runs.data.data.map((r) => (
                  <tr key={r.id} data-testid="gepa-row">
                    <td>
                      <Link to={gepaRunHref(r.id)}>{r.id}</Link>
                    </td>
                    <td>
                      <RunStatus status={r.status} />
                    </td>
                    <td className="muted">{gepaStage(r)}</td>
                    <td className="num">
                      {r.usedRollouts} / {r.budgetRollouts}
                    </td>
                    <td className="num">{r.candidates.length}</td>
                    <td className="num">{formatNumber(bestCandidate(r)?.valAverage)}</td>
                    <td className="muted">{formatAgo(r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </>
  );
}
