import { formatDuration } from '../lib/format';
import type { Verdict } from '../lib/review-order';
import { Link } from '../lib/router';
import { useTrace } from '../screens/trace-detail';
import { Conversation } from './conversation';
import { LabelBadge } from './label-badge';
import { ErrorState, Loading } from './states';

type Hint = { name: string; verdict: Verdict | null };

/** What the active eval expects of this trace: the reason the queue alternates. */
function EvalHint({ hint }: { hint: Hint }) {
  if (!hint.verdict) {
    return (
      <span className="badge" data-testid="review-hint" title={`${hint.name} has not run on it`}>
        no verdict yet
      </span>
    );
  }
  const good = hint.verdict === 'pass';
  return (
    <span
      className={`badge ${good ? 'good' : 'bad'}`}
      data-testid="review-hint"
      title={`${hint.name} says ${hint.verdict}`}
    >
      likely {good ? 'good' : 'bad'} ({hint.name} {hint.verdict === 'pass' ? 'passes' : 'fails'} it)
    </span>
  );
}

export function ReviewTrace({
  id,
  position,
  count,
  hint,
}: {
  id: string;
  position: number;
  count: number;
  hint: Hint | null;
}) {
  const trace = useTrace(id);
  if (trace.isPending) {
    return <Loading label="Loading trace" />;
  }
  if (trace.isError) {
    return <ErrorState error={trace.error} retry={() => void trace.refetch()} />;
  }
  const t = trace.data;
  return (
    <section
      className="review-trace"
      aria-label="Trace under review"
      data-testid="review-trace"
      data-trace-id={t.id}
    >
      <div className="row" style={{ marginBottom: 16 }}>
        <span className="muted">
          {position + 1} of {count}
        </span>
        <LabelBadge label={t.label} />
        {hint ? <EvalHint hint={hint} /> : null}
        <span className="spacer" />
        <span className="muted">
          {t.stepCount} steps · {t.toolCallCount} tool calls · {formatDuration(t.durationMs)}
        </span>
        <Link to={`/traces/${t.id}`} className="btn sm ghost">
          Open trace
        </Link>
      </div>
      <Conversation view={t.evalView} />
    </section>
  );
}
