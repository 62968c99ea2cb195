import { VerdictBadge } from '../components/label-badge';
import { Link } from '../lib/router';
import type { TraceDetail } from '../lib/types';

/** Each eval's latest verdict on the trace, with its reason. */
export function TraceEvalResults({ trace }: { trace: TraceDetail }) {
  if (!trace.evalResults || trace.evalResults.length === 0) {
    return <p className="muted">No eval has run on this trace yet.</p>;
  }
  return (
    <table className="table">
      <tbody>
        {trace.evalResults.map((r) => (
          <tr key={r.evalId}>
            <td style={{ width: '30%' }}>
              <Link to={`/evals?agentId=${trace.agentId ?? ''}&eval=${r.evalId}`}>
                {r.evalName}
              </Link>
              <span className="muted"> v{r.evalVersion}</span>
            </td>
            <td style={{ width: 70 }}>
              <VerdictBadge verdict={r.status} />
            </td>
            <td className="text-2">{r.reason || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The scores imported with the trace (none: nothing shown). */
export function TraceScores({ trace }: { trace: TraceDetail }) {
  if (!trace.scores || trace.scores.length === 0) {
    return null;
  }
  return (
    <>
      <h2 className="section-title">Scores</h2>
      <table className="table" aria-label="Scores">
        <tbody>
          {trace.scores.map((s) => (
            <tr key={s.id}>
              <td style={{ width: '30%' }}>
                {s.name}
                <span className="muted"> {s.source}</span>
              </td>
              <td style={{ width: 120 }}>{String(s.value ?? '—')}</td>
              <td className="text-2">{s.comment || s.dataType || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The labellers' notes on the trace (none: nothing shown). */
export function TraceNotes({ trace }: { trace: TraceDetail }) {
  const withNotes = (trace.feedback ?? []).filter((f) => f.notes);
  if (withNotes.length === 0) {
    return null;
  }
  return (
    <>
      <h2 className="section-title">Notes</h2>
      {withNotes.map((f) => (
        <div key={f.id} className="msg">
          <div className="role">{f.labeller.name ?? f.labeller.email ?? f.source}</div>
          <p className="content">{f.notes}</p>
        </div>
      ))}
    </>
  );
}
