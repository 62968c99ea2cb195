import type { MatrixVersion } from '../lib/eval-types';
import { formatNumber, formatPercent } from '../lib/format';

/**
 * One headline card per version. The server counts them over all of the agent's traces, so the
 * row filters never change them, and each card is one version's own (never a sum of versions).
 * The headline is the held-out estimate from generation; agreement is scored only on labels the
 * version was not built from, since agreeing with its own training labels proves nothing.
 */
export function VersionCards({ versions }: { versions: MatrixVersion[] }) {
  return (
    <div
      className="grid"
      style={{
        gridTemplateColumns: `repeat(${Math.min(versions.length, 4)}, minmax(0, 1fr))`,
        marginBottom: 16,
      }}
    >
      {versions.map((v) => (
        <div key={v.id} className="card stat" data-testid="version-card">
          <div className="label mono">
            {v.name} v{v.version}
          </div>
          <Headline v={v} />
          <LabelAgreement stats={v.stats} />
          <div className="sub" data-testid="version-card-counts">
            All {v.stats.traces} traces: {v.stats.agree + v.stats.contradictions} judged against a
            good or bad label · {v.stats.errors} errors · {v.stats.neutral} neutral ·{' '}
            {v.stats.unlabelled} unlabelled · {v.stats.notRun} not run
          </div>
          <div className="sub">
            pass {formatPercent(v.stats.passRate)} of {v.stats.executions} runs
          </div>
        </div>
      ))}
    </div>
  );
}

/**
 * Agreement with the labels, the ones it was not built from apart from its training labels: agreeing
 * with the labels it learnt from proves nothing, so those are counted on a line of their own.
 */
function LabelAgreement({ stats }: { stats: MatrixVersion['stats'] }) {
  const trainingAgree = stats.agree - stats.newAgree;
  const trainingContradictions = stats.contradictions - stats.newContradictions;
  return (
    <>
      <div className="sub" data-testid="version-card-new-agreement">
        On labels it was not built from: {stats.newAgree} agree · {stats.newContradictions}{' '}
        contradict
      </div>
      {stats.trainingLabels > 0 ? (
        <div className="sub muted" data-testid="version-card-training-agreement">
          On its {stats.trainingLabels} training labels (not scored): {trainingAgree} agree ·{' '}
          {trainingContradictions} contradict
        </div>
      ) : null}
    </>
  );
}

function Headline({ v }: { v: MatrixVersion }) {
  const { stats, heldOut } = v;
  const onNew = `κ ${formatNumber(stats.kappa)} · ${formatPercent(stats.accuracy)} agree`;
  const built =
    stats.trainingLabels > 0 ? `; its ${stats.trainingLabels} training labels are not scored` : '';
  const scored =
    stats.newLabels > 0
      ? `${heldOut ? `${onNew} on` : 'On'} ${stats.newLabels} labels it was not built from${built}.`
      : stats.trainingLabels > 0
        ? `No labels yet beyond the ${stats.trainingLabels} it was built from.`
        : 'No labelled trace judged yet.';
  return (
    <>
      <div className="value" data-testid="version-card-quality">
        {heldOut
          ? `κ ${formatNumber(heldOut.kappa)} · ${formatPercent(heldOut.accuracy)} held out`
          : onNew}
      </div>
      <div className="sub" data-testid="version-card-new-labels">
        {heldOut
          ? `Estimated at generation: each of ${heldOut.labels} labels judged by a version built without it. `
          : ''}
        {scored}
      </div>
    </>
  );
}
