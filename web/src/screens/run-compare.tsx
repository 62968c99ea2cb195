import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { formatNumber } from '../lib/format';
import { Link, useLocation } from '../lib/router';
import { formatP, type RunComparison, runHref, useRunComparison, useRunResults } from '../lib/runs';
import { RunLabel, RunStatus } from '../runs/run-status';

function signed(x: number | null) {
  return x === null ? '—' : `${x > 0 ? '+' : ''}${formatNumber(x)}`;
}

/** The exact paired tests as the API computed them, in words. */
function TestSummary({ test }: { test: RunComparison['test'] }) {
  if (test.n === 0) {
    return (
      <p className="muted" data-testid="compare-test">
        No task was scored by both runs, so there is nothing to pair yet.
      </p>
    );
  }
  return (
    <div className="stack" data-testid="compare-test">
      <div className="grid cols-4">
        <div className="stat">
          <div className="label">Paired tasks</div>
          <div className="value">{test.n}</div>
          <div className="sub">scored by both runs</div>
        </div>
        <div className="stat">
          <div className="label">B better · worse · tied</div>
          <div className="value" data-testid="compare-wins">
            {test.wins} · {test.losses} · {test.ties}
          </div>
        </div>
        <div className="stat">
          <div className="label">Mean difference (B − A)</div>
          <div className="value" data-testid="compare-mean">
            {signed(test.meanDifference)}
          </div>
        </div>
        <div className="stat">
          <div className="label">p, exact sign test (two-sided)</div>
          <div className="value" data-testid="compare-sign-p">
            {formatP(test.signTestP)}
          </div>
          <div className="sub" data-testid="compare-permutation-p">
            permutation p {formatP(test.permutationP)} (
            {test.permutationMethod === 'exact' ? 'exact' : 'seeded Monte Carlo'})
          </div>
        </div>
      </div>
    </div>
  );
}

/** Two runs task by task (B − A) with the exact paired tests the API returns. */
export default function RunCompareScreen() {
  const { search } = useLocation();
  const a = search.get('a');
  const b = search.get('b');
  const compare = useRunComparison(a, b);
  // the comparison names tasks by id; a run's results carry their titles
  const titles = useRunResults(a);
  const titleOf = new Map((titles.data?.data ?? []).map((t) => [t.taskId, t.title]));
  return (
    <>
      <PageHeader>
        <nav className="crumbs" aria-label="Breadcrumb">
          <Link to="/runs">Runs</Link>
          <span aria-hidden="true">/</span>
          <strong>Compare</strong>
        </nav>
      </PageHeader>
      <div className="page-body stack" style={{ gap: 16, maxWidth: 1200 }}>
        {!(a && b) ? (
          <Empty title="Pick two runs">Tick two runs in the Runs list, then Compare.</Empty>
        ) : compare.isPending ? (
          <Loading label="Comparing" />
        ) : compare.isError ? (
          <ErrorState error={compare.error} retry={() => void compare.refetch()} />
        ) : (
          <>
            <p className="row" style={{ flexWrap: 'wrap' }}>
              {(['a', 'b'] as const).map((side) => (
                <span key={side} data-testid={`compare-run-${side}`}>
                  {side.toUpperCase()}:{' '}
                  <Link to={runHref(compare.data[side].id)}>
                    <RunLabel run={compare.data[side]} />
                  </Link>{' '}
                  <RunStatus status={compare.data[side].status} />
                </span>
              ))}
            </p>
            <TestSummary test={compare.data.test} />
            <section className="card" aria-labelledby="paired-title">
              <div className="card-header">
                <h2 id="paired-title">Per task</h2>
              </div>
              <div className="card-body">
                <table className="table" aria-label="Paired differences per task">
                  <thead>
                    <tr>
                      <th scope="col">Task</th>
                      <th scope="col" className="num">
                        A
                      </th>
                      <th scope="col" className="num">
                        B
                      </th>
                      <th scope="col" className="num">
                        B − A
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {compare.data.tasks.map((t) => (
                      <tr key={t.taskId} data-testid="paired-task">
                        <td className="truncate" style={{ maxWidth: 480 }}>
                          {titleOf.get(t.taskId) || t.taskId}
                        </td>
                        <td className="num">{formatNumber(t.a)}</td>
                        <td className="num">{formatNumber(t.b)}</td>
                        <td
                          className={`num ${t.difference ? (t.difference > 0 ? 'good' : 'bad') : ''}`}
                          data-testid="paired-difference"
                        >
                          {signed(t.difference)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          </>
        )}
      </div>
    </>
  );
}
