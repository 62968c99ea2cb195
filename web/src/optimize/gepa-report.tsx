import { formatNumber } from '../lib/format';
import type { GepaRun } from '../lib/gepa';
import { Link } from '../lib/router';
import { formatP } from '../lib/runs';

type Report = NonNullable<GepaRun['testReport']>;
type Row = NonNullable<Report['test']> & { eval?: string };

function ComparisonRow({ name, row }: { name: string; row: Row }) {
  return (
    <tr data-testid="report-row">
      <th scope="row">{name}</th>
      <td className="num">{formatNumber(row.meanSeed)}</td>
      <td className="num">{formatNumber(row.meanWinner)}</td>
      <td className="num">
        {row.wins} / {row.losses} / {row.ties}
      </td>
      <td className="num">{formatP(row.signTestP)}</td>
    </tr>
  );
}

/** Seed vs winner on the test split (reward and shadow evals), and what to do next. */
export function GepaReport({ run, report }: { run: GepaRun; report: Report }) {
  return (
    <div className="stack">
      {report.test ? (
        <table className="table" aria-label="Test split report">
          <thead>
            <tr>
              <th scope="col">On {report.testTasks} test tasks</th>
              <th scope="col" className="num">
                Seed
              </th>
              <th scope="col" className="num">
                Winner #{report.winner}
              </th>
              <th scope="col" className="num">
                Better / worse / same
              </th>
              <th scope="col" className="num">
                Sign test p
              </th>
            </tr>
          </thead>
          <tbody>
            <ComparisonRow name="Reward" row={report.test} />
            {(report.shadow ?? []).map((s) => (
              <ComparisonRow key={s.eval} name={`Shadow: ${s.eval}`} row={s} />
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No test split: the run has no report to compare on.</p>
      )}
      <p>
        {report.candidateVersionId ? (
          <Link
            to={`/agents?agentId=${encodeURIComponent(run.agentId)}&version=${encodeURIComponent(report.candidateVersionId)}`}
            data-testid="candidate-version"
          >
            Candidate version {report.candidateVersionId} (not active: review, then promote)
          </Link>
        ) : (
          <span className="muted">The seed won: no candidate version.</span>
        )}
        {report.reviewQueueId ? (
          <>
            {' · '}
            <Link
              to={`/review?agentId=${encodeURIComponent(run.agentId)}&queue=${encodeURIComponent(report.reviewQueueId)}`}
            >
              Label the winner's {report.reviewTraceIds.length} test rollouts
            </Link>
          </>
        ) : null}
      </p>
    </div>
  );
}

/** Each reward and shadow eval against the labels people gave the winner's rollouts. */
export function ReviewAgreement({ review }: { review: NonNullable<GepaRun['reviewAgreement']> }) {
  return (
    <div className="stack">
      <p className="muted">
        {review.labelled} of {review.traces} of the winner's test rollouts labelled.
      </p>
      <table className="table" aria-label="Review agreement">
        <thead>
          <tr>
            <th scope="col">Eval</th>
            <th scope="col">Role</th>
            <th scope="col" className="num">
              Labels
            </th>
            <th scope="col" className="num">
              Accuracy
            </th>
            <th scope="col" className="num">
              Kappa
            </th>
            <th scope="col">Warnings</th>
          </tr>
        </thead>
        <tbody>
          {review.evals.map((e) => (
            <tr key={e.eval} data-testid="agreement-row">
              <td>{e.eval}</td>
              <td className="muted">{e.role}</td>
              <td className="num">{e.agreement.n}</td>
              <td className="num">{formatNumber(e.agreement.accuracy?.value)}</td>
              <td className="num">{formatNumber(e.agreement.kappa?.value)}</td>
              <td className="muted">{e.agreement.warnings.map((w) => w.message).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
