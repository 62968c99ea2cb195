import type { JSONParsed } from 'hono/utils/types';
import type { GenerateEvalResult } from '@/evals/generation/generate-eval';
import { Link } from '../../lib/router';
import type { Job } from '../../lib/types';
import { EvalRules } from './eval-rules';

type Abstention = NonNullable<JSONParsed<GenerateEvalResult['abstention']>>;

/** The abstention answer of a finished generation job, or null when it created a version. */
export function abstentionOf(job: Job): Abstention | null {
  if (job.type !== 'eval.generate' || job.status !== 'succeeded') {
    return null;
  }
  const result = job.result as { abstention?: Abstention | null } | null;
  return result?.abstention ?? null;
}

/** A trace's id, linking to its page (where it is read and labelled), and the names it came with. */
function TraceLink({
  trace,
}: {
  trace: { traceId: string; externalId: string | null; name: string | null };
}) {
  return (
    <>
      <Link to={`/traces/${encodeURIComponent(trace.traceId)}`} className="mono">
        {trace.traceId}
      </Link>{' '}
      {trace.externalId || trace.name ? (
        <span className="mono muted">
          ({[...new Set([trace.externalId, trace.name].filter(Boolean))].join(' / ')}){' '}
        </span>
      ) : null}
    </>
  );
}

/** Why a generation created no version: the plain answer, what it got wrong, what to label. */
export function GenerationAnswer({
  answer,
  onForce,
  forcing = false,
}: {
  answer: Abstention;
  /** Generates again, creating the best candidate as a version anyway. */
  onForce?: () => void;
  forcing?: boolean;
}) {
  return (
    <div className="alert warn stack" style={{ gap: 10 }} data-testid="generation-answer">
      <strong>{answer.message}</strong>
      {answer.best ? (
        <EvalRules rules={answer.best.rules} label={`Best candidate (${answer.best.generator})`} />
      ) : null}
      {answer.wrong.length > 0 ? (
        <section aria-label="Traces it got wrong">
          <h3 className="section-title">Labelled traces the best candidate gets wrong</h3>
          <ul className="stack" style={{ gap: 4, margin: 0, paddingLeft: 18 }}>
            {answer.wrong.map((w) => (
              <li key={w.traceId}>
                <TraceLink trace={w} />
                labelled {w.label === 'positive' ? 'good' : 'bad'}, judged {w.verdict}
                {w.reason ? <span className="muted">: {w.reason}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p style={{ margin: 0 }}>
        <strong>Next:</strong> {answer.labelNext}
      </p>
      {(answer.suggested ?? []).length > 0 ? (
        <section aria-label="Traces to label next">
          <h3 className="section-title">Unlabelled traces to label next</h3>
          <ul className="stack" style={{ gap: 4, margin: 0, paddingLeft: 18 }}>
            {answer.suggested.map((s) => (
              <li key={s.traceId}>
                <TraceLink trace={s} />
                <span className="muted">{s.why}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {onForce ? (
        <div className="row">
          <button type="button" className="btn sm" disabled={forcing} onClick={onForce}>
            {forcing ? 'Starting…' : 'Create a version anyway'}
          </button>
          <span className="muted">
            generates again and keeps the best candidate, though it is no better than always saying{' '}
            {answer.majority}
          </span>
        </div>
      ) : null}
    </div>
  );
}
