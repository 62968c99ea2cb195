import { LabelBadge } from '../components/label-badge';
import { formatNumber } from '../lib/format';
import { Link } from '../lib/router';
import { useSimilarTraces } from '../lib/tasks';

/** A trace's top-10 similar traces (from the tasks index), each a link to its trace view. */
export function SimilarTracesList({ traceId }: { traceId: string }) {
  const similar = useSimilarTraces(traceId);
  if (similar.isPending) {
    return <p className="muted">Loading similar traces…</p>;
  }
  if (similar.isError) {
    return <p className="muted">Similar traces are unavailable: {similar.error.message}</p>;
  }
  const rows = similar.data.data;
  if (rows.length === 0) {
    return (
      <p className="muted">
        No similar traces yet: the tasks index ranks them a few seconds after traces arrive.
      </p>
    );
  }
  return (
    <table className="table" aria-label="Similar traces">
      <tbody>
        {rows.map((s) => (
          <tr key={s.traceId} data-testid="trace-similar">
            <td className="truncate" style={{ maxWidth: 0 }}>
              <Link to={`/traces/${s.traceId}`} title={s.title ?? undefined}>
                {s.title || s.traceId}
              </Link>
            </td>
            <td style={{ width: 110 }}>
              <LabelBadge label={s.label} />
            </td>
            <td className="num muted" style={{ width: 60 }}>
              {formatNumber(s.score, 2)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
