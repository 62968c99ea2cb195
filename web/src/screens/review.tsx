import { useRef } from 'react';
import { AgentPicker } from '../components/agent-picker';
import { ReviewTrace } from '../components/review-trace';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { useAgents } from '../lib/agents';
import { Link, useLocation } from '../lib/router';
import { useReviewQueue } from '../lib/trace-views';
import { LabelPanel } from '../review/label-panel';
import { useLabelling } from '../review/use-labelling';
import { usePrefetchAhead, useReviewItems } from '../review/use-review-items';
import { useReviewKeys } from '../review/use-review-keys';

/** How far the review has come: this visit's labels, what is left, and a bar. */
function ReviewProgress({
  agentId,
  queueId,
  labelled,
  remaining,
  more,
}: {
  agentId: string | null;
  queueId: string | null;
  labelled: number;
  remaining: number;
  more: boolean;
}) {
  const reviewQueue = useReviewQueue(queueId);
  const agents = useAgents();
  // Labels on this agent from everyone and every session (the queue only holds unlabelled traces).
  const agent = agents.data?.data.find((a) => a.id === agentId);
  const labelledAll = agent
    ? Math.max(labelled, agent.labels.positive + agent.labels.negative + agent.labels.neutral)
    : labelled;
  const total = labelledAll + remaining;
  return (
    <>
      {queueId ? (
        <span className="muted" data-testid="review-progress">
          {reviewQueue.data ? `${reviewQueue.data.name}: ` : ''}
          {labelled} labelled now, {remaining} of your items to go ·{' '}
          <Link to={`/queues?agentId=${agentId ?? ''}&queue=${queueId}`}>queue progress</Link>
        </span>
      ) : (
        <span className="muted" data-testid="review-progress">
          {labelledAll} labelled, {remaining}
          {more ? '+' : ''} to go{agentId ? ' for this agent' : ''}
        </span>
      )}
      <span className="spacer" />
      <div className="progress" style={{ width: 200 }} aria-hidden="true">
        <span style={{ width: `${total ? (labelledAll / total) * 100 : 0}%` }} />
      </div>
    </>
  );
}

export default function ReviewScreen() {
  const { search } = useLocation();
  const agentId = search.get('agentId');
  const queueId = search.get('queue');
  const { ids, unlabelled, queue, review } = useReviewItems(agentId, queueId);
  const position = Math.max(0, ids.indexOf(search.get('trace') ?? ''));
  const state = useLabelling(ids, position);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  usePrefetchAhead(ids, position, unlabelled);
  useReviewKeys(state, noteRef);
  const { currentId, labels } = state;

  return (
    <>
      <PageHeader>
        <h1>Review</h1>
        <AgentPicker value={agentId} />
        <ReviewProgress
          agentId={agentId}
          queueId={queueId}
          labelled={Object.keys(labels).length}
          remaining={ids.filter((id) => !labels[id]).length}
          more={unlabelled.hasNextPage}
        />
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
            <LabelPanel state={state} noteRef={noteRef} />
          </div>
        )}
      </div>
    </>
  );
}
