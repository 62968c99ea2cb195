import type { Split, Taskset } from '../lib/tasksets';

const TONE: Record<Split, string> = { train: 'accent', val: 'warn', test: 'good' };

export function SplitBadge({ split }: { split: Split | null }) {
  return split ? (
    <span className={`badge ${TONE[split]}`}>{split}</span>
  ) : (
    <span className="muted">—</span>
  );
}

/** "12 train · 5 val · 3 test", or "not split" while every task is unsplit. */
export function SplitCounts({ counts }: { counts: Taskset['splitCounts'] }) {
  const parts = (['train', 'val', 'test'] as const).filter((s) => counts[s] > 0);
  if (parts.length === 0) {
    return <span className="muted">not split</span>;
  }
  return (
    <span data-testid="split-counts">
      {parts.map((s) => `${counts[s]} ${s}`).join(' · ')}
      {counts.none > 0 ? <span className="muted"> · {counts.none} unsplit</span> : null}
    </span>
  );
}
