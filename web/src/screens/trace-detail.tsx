import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Conversation } from '../components/conversation';
import { LabelBadge } from '../components/label-badge';
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
import { SpanDetail } from '../traces/span-detail';
import { TraceEvalResults, TraceNotes, TraceScores } from '../traces/trace-detail-sections';

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
            <Conversation
              view={t.evalView}
              stepLink={(step) => `/playground?traceId=${t.id}&step=${step}`}
            />
          </section>
          <section aria-label="Details">
            <h2 className="section-title">Overview</h2>
            <Facts trace={t} />
            <h2 className="section-title">Evals</h2>
            <TraceEvalResults trace={t} />
            <TraceScores trace={t} />
            <TraceNotes trace={t} />
            <h2 className="section-title">Similar traces</h2>
            <SimilarTracesList traceId={t.id} />
            <h2 className="section-title">Spans</h2>
            {spans.length > 0 ? (
              <SpanTree spans={spans} selected={selected} onSelect={setSelected} />
            ) : (
              <p className="muted">This trace has no spans recorded.</p>
            )}
            {span ? <SpanDetail span={span} /> : null}
          </section>
        </div>
      </div>
    </>
  );
}
