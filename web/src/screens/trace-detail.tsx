import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Conversation } from '../components/conversation';
import { JsonView } from '../components/json-view';
import { LabelBadge, VerdictBadge } from '../components/label-badge';
import { PageHeader } from '../components/shell';
import { SpanTree } from '../components/span-tree';
import { ErrorState, Loading } from '../components/states';
import { api } from '../lib/api';
import { useLabelTrace } from '../lib/feedback';
import { formatCount, formatDateTime, formatDuration } from '../lib/format';
import { Link, useLocation } from '../lib/router';
import { useSession } from '../lib/session';
import type { Rating, TraceDetail } from '../lib/types';
import { SimilarTracesList } from '../tasks/similar-traces-list';

export function useTrace(id: string) {
  return useQuery({
    queryKey: ['trace', id],
    queryFn: ({ signal }) => api.get<TraceDetail>(`/v1/traces/${encodeURIComponent(id)}`, signal),
  });
}

const CHOICES: { rating: Rating; text: string; tone: string }[] = [
  { rating: 'positive', text: 'Good', tone: 'good' },
  { rating: 'negative', text: 'Bad', tone: 'bad' },
  { rating: 'neutral', text: 'Neutral', tone: 'neutral' },
];

function LabelControl({ trace }: { trace: TraceDetail }) {
  const save = useLabelTrace();
  const session = useSession();
  const mine = trace.feedback?.find((f) => f.labeller.userId === session.data?.user.id);
  return (
    <fieldset className="row" style={{ border: 0, padding: 0, margin: 0 }}>
      <legend className="sr-only">Human label</legend>
      {CHOICES.map((c) => (
        <button
          type="button"
          key={c.rating}
          className={`btn sm ${c.tone}`}
          aria-pressed={(mine?.rating ?? trace.label) === c.rating}
          disabled={save.isPending}
          onClick={() =>
            save.mutate({
              traceId: trace.id,
              rating: mine?.rating === c.rating ? null : c.rating,
              feedbackId: mine?.id,
            })
          }
        >
          {c.text}
        </button>
      ))}
      {save.isError ? (
        <span role="alert" className="badge bad">
          {save.error.message}
        </span>
      ) : null}
    </fieldset>
  );
}

function Facts({ trace }: { trace: TraceDetail }) {
  return (
    <dl className="kv">
      <dt>Started</dt>
      <dd>{formatDateTime(trace.startedAt)}</dd>
      <dt>Duration</dt>
      <dd>{formatDuration(trace.durationMs)}</dd>
      <dt>Tokens</dt>
      <dd>
        {formatCount(trace.inputTokens)} in · {formatCount(trace.outputTokens)} out
      </dd>
      <dt>Steps</dt>
      <dd>
        {trace.stepCount} steps · {trace.toolCallCount} tool calls · {trace.errorCount} errors
      </dd>
      <dt>Source</dt>
      <dd>
        {trace.source} <span className="muted mono">{trace.externalId}</span>
      </dd>
      {trace.sessionId ? (
        <>
          <dt>Session</dt>
          <dd className="mono">{trace.sessionId}</dd>
        </>
      ) : null}
    </dl>
  );
}

export default function TraceDetailScreen({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const { search } = useLocation();
  const trace = useTrace(id);
  const [selected, setSelected] = useState<string | null>(null);
  const back = `/traces${search.toString() ? `?${search.toString()}` : ''}`;
  if (trace.isPending) {
    return <Loading label="Loading trace" rows={6} />;
  }
  if (trace.isError) {
    return <ErrorState error={trace.error} retry={() => void trace.refetch()} />;
  }
  const t = trace.data;
  const spans = t.spans ?? [];
  const span = spans.find((s) => s.spanId === selected) ?? null;
  return (
    <>
      <PageHeader>
        <nav className="crumbs" aria-label="Breadcrumb">
          <Link to={back}>Traces</Link>
          <span aria-hidden="true">/</span>
          <strong className="mono">{t.name ?? t.id}</strong>
        </nav>
        <LabelBadge label={t.label} />
        <span className="spacer" />
        <LabelControl trace={t} />
      </PageHeader>
      <div className="page-body flush">
        <div className="split">
          <section aria-label="Conversation">
            <h2 className="section-title">Conversation</h2>
            <Conversation view={t.evalView} />
          </section>
          <section aria-label="Details">
            <h2 className="section-title">Overview</h2>
            <Facts trace={t} />
            <h2 className="section-title">Evals</h2>
            {t.evalResults && t.evalResults.length > 0 ? (
              <table className="table">
                <tbody>
                  {t.evalResults.map((r) => (
                    <tr key={r.evalId}>
                      <td style={{ width: '30%' }}>
                        <Link to={`/evals?agentId=${t.agentId ?? ''}&eval=${r.evalId}`}>
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
            ) : (
              <p className="muted">No eval has run on this trace yet.</p>
            )}
            {t.scores && t.scores.length > 0 ? (
              <>
                <h2 className="section-title">Scores</h2>
                <table className="table" aria-label="Scores">
                  <tbody>
                    {t.scores.map((s) => (
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
            ) : null}
            {t.feedback?.some((f) => f.notes) ? (
              <>
                <h2 className="section-title">Notes</h2>
                {(t.feedback ?? [])
                  .filter((f) => f.notes)
                  .map((f) => (
                    <div key={f.id} className="msg">
                      <div className="role">{f.labeller.name ?? f.labeller.email ?? f.source}</div>
                      <p className="content">{f.notes}</p>
                    </div>
                  ))}
              </>
            ) : null}
            <h2 className="section-title">Similar traces</h2>
            <SimilarTracesList traceId={t.id} />
            <h2 className="section-title">Spans</h2>
            {spans.length > 0 ? (
              <SpanTree spans={spans} selected={selected} onSelect={setSelected} />
            ) : (
              <p className="muted">This trace has no spans recorded.</p>
            )}
            {span ? (
              <div className="card" style={{ marginTop: 12 }}>
                <div className="card-header">
                  <span className={`kind ${span.kind}`}>{span.kind}</span>
                  <h3>{span.name}</h3>
                  <span className="spacer" />
                  <span className="muted">{formatDuration(span.durationMs)}</span>
                </div>
                <div className="card-body stack">
                  {span.statusMessage ? <p className="alert error">{span.statusMessage}</p> : null}
                  {span.model ? (
                    <p className="muted">
                      {span.model} · {formatCount(span.inputTokens)} in ·{' '}
                      {formatCount(span.outputTokens)} out
                    </p>
                  ) : null}
                  <div>
                    <h3 className="muted">Input</h3>
                    <JsonView value={span.input} label="Span input" />
                  </div>
                  <div>
                    <h3 className="muted">Output</h3>
                    <JsonView value={span.output} label="Span output" />
                  </div>
                </div>
              </div>
            ) : null}
          </section>
        </div>
      </div>
    </>
  );
}
