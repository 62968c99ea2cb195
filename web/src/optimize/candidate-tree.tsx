import { formatNumber } from '../lib/format';
import type { GepaCandidate } from '../lib/gepa';

const rates = (shadow: Record<string, number>) =>
  Object.entries(shadow).map(([name, rate]) => (
    <span key={name} className="badge" title="Shadow eval pass rate on validation">
      {name} {formatNumber(rate)}
    </span>
  ));

function Node({ c, all, best }: { c: GepaCandidate; all: GepaCandidate[]; best: number | null }) {
  const children = all.filter((x) => x.parents[0] === c.index);
  return (
    <li data-testid="candidate" data-index={c.index}>
      <details>
        <summary className="row" style={{ gap: 8 }}>
          <strong>#{c.index}</strong>
          {c.index === 0 ? <span className="muted">seed</span> : null}
          <span>val {formatNumber(c.valAverage)}</span>
          {c.index === best ? <span className="badge good">best</span> : null}
          {rates(c.shadow)}
          <span className="muted">
            iteration {c.iteration} · {c.discoveredAt} rollouts in
          </span>
        </summary>
        <pre className="code">{Object.values(c.text).join('\n\n')}</pre>
      </details>
      {children.length ? (
        <ul className="stack" style={{ paddingLeft: 20, gap: 4 }}>
          {children.map((child) => (
            <Node key={child.index} c={child} all={all} best={best} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The candidate pool as its lineage: each candidate under its parent, with scores. */
export function CandidateTree({
  candidates,
  best,
}: {
  candidates: GepaCandidate[];
  best: number | null;
}) {
  const roots = candidates.filter((c) => c.parents.length === 0);
  if (roots.length === 0) {
    return <p className="muted">The seed is being scored on the validation split…</p>;
  }
  return (
    <ul className="stack" aria-label="Candidate tree" style={{ listStyle: 'none', padding: 0 }}>
      {roots.map((c) => (
        <Node key={c.index} c={c} all={candidates} best={best} />
      ))}
    </ul>
  );
}
