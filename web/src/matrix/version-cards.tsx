import type { MatrixVersion } from '../lib/eval-types';
import { formatNumber, formatPercent } from '../lib/format';

/**
 * One headline card per version. The server counts them over all of the agent's traces, so the
 * row filters never change them, and each card is one version's own (never a sum of versions).
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
          <div className="value">
            κ {formatNumber(v.stats.kappa)} · {formatPercent(v.stats.accuracy)} agree
          </div>
          <div className="sub" data-testid="version-card-counts">
            All {v.stats.traces} traces: {v.stats.agree} agree · {v.stats.contradictions} contradict
            · {v.stats.errors} errors · {v.stats.neutral} neutral · {v.stats.unlabelled} unlabelled
            · {v.stats.notRun} not run
          </div>
          <div className="sub">
            pass {formatPercent(v.stats.passRate)} of {v.stats.executions} runs
          </div>
        </div>
      ))}
    </div>
  );
}
