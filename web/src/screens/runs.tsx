import { useState } from 'react';
import { AgentPicker } from '../components/agent-picker';
import { PageHeader } from '../components/shell';
import { ErrorState, Loading } from '../components/states';
import { formatAgo, formatNumber } from '../lib/format';
import { Link, navigate, useLocation } from '../lib/router';
import { compareHref, formatUsd, runHref, type TasksetRun, useRuns } from '../lib/runs';
import { NewRunForm } from '../runs/new-run-form';
import { RunLabel, RunProgress, RunStatus } from '../runs/run-status';

function RunsTable({ runs }: { runs: TasksetRun[] }) {
  // two ticked runs open the comparison: the first ticked is A (the baseline), the second B
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) =>
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));
  const [a, b] = picked;
  return (
    <div className="stack">
      <table className="table" aria-label="Runs">
        <thead>
          <tr>
            <th scope="col">Compare</th>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col" className="num">
              Mean score
            </th>
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-testid="run-row" data-run-id={run.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Compare run ${run.id}`}
                  checked={picked.includes(run.id)}
                  onChange={() => toggle(run.id)}
                />
              </td>
              <td>
                <Link to={runHref(run.id)}>
                  <RunLabel run={run} />
                </Link>
              </td>
              <td>
                <RunStatus status={run.status} />
              </td>
              <td>
                <RunProgress run={run} />
              </td>
              <td className="num">{formatNumber(run.summary.meanScore)}</td>
              <td className="num">{formatUsd(run.costUsd)}</td>
              <td className="muted">{formatAgo(run.startedAt ?? run.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button
          type="button"
          className="btn"
          disabled={!(a && b)}
          onClick={() => a && b && navigate(compareHref(a, b))}
        >
          Compare {picked.length === 2 ? 'the two ticked runs' : '(tick two runs)'}
        </button>
      </div>
    </div>
  );
}

/** Taskset runs of the workspace: start one for the picked agent, watch them, compare two. */
export default function RunsScreen() {
  const { search } = useLocation();
  const agentId = search.get('agentId');
  const runs = useRuns();
  return (
    <>
      <PageHeader>
        <h1>Runs</h1>
        <AgentPicker value={agentId} />
        <span className="muted">An agent version on a taskset, every rollout a scored trace</span>
      </PageHeader>
      <div className="page-body stack" style={{ gap: 16, maxWidth: 1200 }}>
        <section className="card" aria-labelledby="new-run-title">
          <div className="card-header">
            <h2 id="new-run-title">Run a taskset</h2>
          </div>
          <div className="card-body">
            {agentId ? <NewRunForm key={agentId} agentId={agentId} /> : <Loading rows={2} />}
          </div>
        </section>
        <section className="card" aria-labelledby="runs-title">
          <div className="card-header">
            <h2 id="runs-title">Runs</h2>
          </div>
          <div className="card-body">
            {runs.isPending ? (
              <Loading rows={3} label="Loading runs" />
            ) : runs.isError ? (
              <ErrorState error={runs.error} retry={() => void runs.refetch()} />
            ) : runs.data.data.length === 0 ? (
              <p className="muted" data-testid="no-runs">
                No runs yet. Run a taskset above: each rollout becomes a trace scored by the agent's
                active evals.
              </p>
            ) : (
              <RunsTable runs={runs.data.data} />
            )}
          </div>
        </section>
      </div>
    </>
  );
}
