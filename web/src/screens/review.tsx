import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AgentPicker } from '../components/agent-picker';
import { ReviewTrace } from '../components/review-trace';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { useAgents } from '../lib/agents';
import { api, qs } from '../lib/api';
import { deleteFeedback, labelTrace } from '../lib/feedback';
import { alternateByVerdict } from '../lib/review-order';
import { useReviewVerdicts } from '../lib/review-verdicts';
import { Link, setSearch, useLocation } from '../lib/router';
import { useMyQueueItems, useReviewQueue } from '../lib/trace-views';
import type { Page, Rating, TraceDetail, TraceListItem } from '../lib/types';

type Done = {
  traceId: string;
  rating: Rating;
  previous: Rating | null;
  notes: string;
  feedbackId: Promise<string | null>;
};

const KEYS: Record<string, Rating> = {
  '1': 'positive',
  g: 'positive',
  '2': 'negative',
  b: 'negative',
  '3': 'neutral',
  n: 'neutral',
};

const CHOICES: { rating: Rating; text: string; keys: string; tone: string }[] = [
  { rating: 'positive', text: 'Good', keys: '1 / G', tone: 'good' },
  { rating: 'negative', text: 'Bad', keys: '2 / B', tone: 'bad' },
  { rating: 'neutral', text: 'Neutral', keys: '3 / N', tone: 'neutral' },
];

function useQueue(agentId: string | null) {
  // A snapshot of the unlabelled traces at arrival: labelling does not reshuffle the queue.
  return useInfiniteQuery({
    queryKey: ['review-queue', agentId],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<TraceListItem>>(
        `/v1/traces${qs({ labelled: false, agentId, cursor: pageParam, limit: 100 })}`,
        signal,
      ),
    getNextPageParam: (last) => last.nextCursor,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export default function ReviewScreen() {
  const { search } = useLocation();
  const agentId = search.get('agentId');
  const queueId = search.get('queue');
  const unlabelled = useQueue(queueId ? null : agentId);
  const queueItems = useMyQueueItems(queueId);
  const reviewQueue = useReviewQueue(queueId);
  const queue = queueId ? queueItems : unlabelled;
  const agents = useAgents();
  const review = useReviewVerdicts(agentId);
  const queryClient = useQueryClient();
  const ids = useMemo(() => {
    if (queueId) {
      // a queue keeps its own order: my items not labelled yet when the screen opened
      return (queueItems.data?.data ?? []).filter((i) => !i.done).map((i) => i.traceId);
    }
    const listed = unlabelled.data?.pages.flatMap((p) => p.data.map((t) => t.id)) ?? [];
    return review.verdicts ? alternateByVerdict(listed, review.verdicts) : listed;
  }, [queueId, queueItems.data, unlabelled.data, review.verdicts]);
  const position = Math.max(0, ids.indexOf(search.get('trace') ?? ''));
  const currentId = ids[position] ?? null;
  const [done, setDone] = useState<Done[]>([]);
  const [labels, setLabels] = useState<Record<string, Rating>>({});
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);

  const go = useCallback(
    (index: number) => {
      const id = ids[Math.max(0, Math.min(ids.length - 1, index))];
      if (id) {
        setNotes('');
        setSearch({ trace: id });
      }
    },
    [ids],
  );

  // Prefetch the next traces so the keypress-to-next-trace path never waits on the network.
  useEffect(() => {
    for (const id of ids.slice(position + 1, position + 4)) {
      void queryClient.prefetchQuery({
        queryKey: ['trace', id],
        queryFn: ({ signal }) =>
          api.get<TraceDetail>(`/v1/traces/${encodeURIComponent(id)}`, signal),
      });
    }
    if (position >= ids.length - 10 && unlabelled.hasNextPage && !unlabelled.isFetchingNextPage) {
      void unlabelled.fetchNextPage();
    }
  }, [ids, position, queryClient, unlabelled]);

  const label = useCallback(
    (rating: Rating) => {
      if (!currentId) {
        return;
      }
      const previous = labels[currentId] ?? null;
      const note = notes.trim();
      setLabels((l) => ({ ...l, [currentId]: rating }));
      setError(null);
      // Saved in the background: the next trace shows at once; a failure is reported here.
      const feedbackId = labelTrace({ traceId: currentId, rating, notes: note || undefined })
        .then((f) => {
          void queryClient.invalidateQueries({ queryKey: ['trace', currentId] });
          void queryClient.invalidateQueries({ queryKey: ['traces'] });
          void queryClient.invalidateQueries({ queryKey: ['agents'] });
          void queryClient.invalidateQueries({ queryKey: ['review-queue-detail'] });
          void queryClient.invalidateQueries({ queryKey: ['review-queues'] });
          return f.id;
        })
        .catch((e: unknown) => {
          setError(e instanceof Error ? e.message : String(e));
          return null;
        });
      setDone((d) => [...d, { traceId: currentId, rating, previous, notes: note, feedbackId }]);
      go(position + 1);
    },
    [currentId, labels, notes, go, position, queryClient],
  );

  const undo = useCallback(() => {
    const last = done.at(-1);
    if (!last) {
      return;
    }
    setDone((d) => d.slice(0, -1));
    setLabels((l) => {
      const next = { ...l };
      if (last.previous) {
        next[last.traceId] = last.previous;
      } else {
        delete next[last.traceId];
      }
      return next;
    });
    last.feedbackId
      .then(async (id) => {
        if (last.previous) {
          await labelTrace({ traceId: last.traceId, rating: last.previous });
        } else if (id) {
          await deleteFeedback(id);
        }
      })
      .then(() => {
        void queryClient.invalidateQueries({ queryKey: ['agents'] });
        return queryClient.invalidateQueries({ queryKey: ['trace', last.traceId] });
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    setNotes(last.notes);
    setSearch({ trace: last.traceId });
  }, [done, queryClient]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (
        target &&
        (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || target.tagName === 'SELECT')
      ) {
        if (event.key === 'Escape') {
          target.blur();
        }
        return;
      }
      if (event.metaKey || event.altKey) {
        return;
      }
      const key = event.key.toLowerCase();
      if ((event.ctrlKey && key === 'z') || (!event.ctrlKey && key === 'u')) {
        event.preventDefault();
        undo();
      } else if (event.ctrlKey) {
        return;
      } else if (KEYS[key]) {
        event.preventDefault();
        label(KEYS[key]);
      } else if (key === 'arrowright' || key === 'j') {
        event.preventDefault();
        go(position + 1);
      } else if (key === 'arrowleft' || key === 'k') {
        event.preventDefault();
        go(position - 1);
      } else if (key === 'c' || key === '/') {
        event.preventDefault();
        noteRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [label, undo, go, position]);

  const labelled = Object.keys(labels).length;
  const remaining = ids.filter((id) => !labels[id]).length;
  // Labels on this agent from everyone and every session (the queue only holds unlabelled traces).
  const agent = agents.data?.data.find((a) => a.id === agentId);
  const labelledAll = agent
    ? Math.max(labelled, agent.labels.positive + agent.labels.negative + agent.labels.neutral)
    : labelled;
  const total = labelledAll + remaining;

  return (
    <>
      <PageHeader>
        <h1>Review</h1>
        <AgentPicker value={agentId} />
        {queueId ? (
          <span className="muted" data-testid="review-progress">
            {reviewQueue.data ? `${reviewQueue.data.name}: ` : ''}
            {labelled} labelled now, {remaining} of your items to go ·{' '}
            <Link to={`/queues?agentId=${agentId ?? ''}&queue=${queueId}`}>queue progress</Link>
          </span>
        ) : (
          <span className="muted" data-testid="review-progress">
            {labelledAll} labelled, {remaining}
            {unlabelled.hasNextPage ? '+' : ''} to go{agentId ? ' for this agent' : ''}
          </span>
        )}
        <span className="spacer" />
        <div className="progress" style={{ width: 200 }} aria-hidden="true">
          <span style={{ width: `${total ? (labelledAll / total) * 100 : 0}%` }} />
        </div>
      </PageHeader>
      <div className="page-body flush">
        {queue.isPending || review.pending ? (
          <Loading label="Loading the review queue" rows={6} />
        ) : queue.isError ? (
          <ErrorState error={queue.error} retry={() => void queue.refetch()} />
        ) : ids.length === 0 ? (
          <Empty
            title="Nothing to review"
            actions={
              <Link className="btn" to="/traces">
                Browse traces
              </Link>
            }
          >
            {queueId
              ? 'You have labelled every item of this queue assigned to you.'
              : `Every trace${agentId ? ' of this agent' : ''} has a label. New traces appear here as they arrive.`}
          </Empty>
        ) : (
          <div className="review">
            <ReviewTrace
              id={currentId ?? ''}
              position={position}
              count={ids.length}
              hint={
                review.active && currentId
                  ? {
                      name: `${review.active.name} v${review.active.version}`,
                      verdict: review.verdicts?.get(currentId) ?? null,
                    }
                  : null
              }
            />
            <aside aria-label="Label this trace">
              <div>
                <h2>Your verdict</h2>
                <p className="muted">Would you ship this answer?</p>
              </div>
              <div className="label-buttons">
                {CHOICES.map((c) => (
                  <button
                    type="button"
                    key={c.rating}
                    className={`btn ${c.tone}`}
                    aria-pressed={currentId ? labels[currentId] === c.rating : false}
                    aria-keyshortcuts={c.keys.replace(' / ', ' ')}
                    onClick={() => label(c.rating)}
                  >
                    {c.text}
                    <span className="kbd">{c.keys}</span>
                  </button>
                ))}
              </div>
              <label className="field">
                Note (optional)
                <textarea
                  ref={noteRef}
                  rows={3}
                  value={notes}
                  placeholder="Why? Press C to write, Esc to leave"
                  onChange={(e) => setNotes(e.target.value)}
                />
              </label>
              <div className="row">
                <button
                  type="button"
                  className="btn sm"
                  onClick={() => go(position - 1)}
                  disabled={position === 0}
                >
                  ← Previous
                </button>
                <button
                  type="button"
                  className="btn sm"
                  onClick={() => go(position + 1)}
                  disabled={position >= ids.length - 1}
                >
                  Next →
                </button>
                <span className="spacer" />
                <button
                  type="button"
                  className="btn sm ghost"
                  onClick={undo}
                  disabled={done.length === 0}
                >
                  Undo
                </button>
              </div>
              {error ? (
                <p className="alert error" role="alert">
                  Could not save: {error}
                </p>
              ) : null}
              <div className="shortcuts">
                <span className="kbd">1 2 3</span> good · bad · neutral
                <span className="kbd">→ ←</span> next · previous
                <span className="kbd">U</span> undo the last label
                <span className="kbd">C</span> write a note
              </div>
            </aside>
          </div>
        )}
      </div>
    </>
  );
}
