import { AgentPicker } from '../components/agent-picker';
import { PageHeader } from '../components/shell';
import { Empty, ErrorState, Loading } from '../components/states';
import { formatAgo, formatCount, formatNumber, formatPercent } from '../lib/format';
import { Link, setSearch, useLocation } from '../lib/router';
import { type ReviewQueueView, useReviewQueue, useReviewQueues } from '../lib/trace-views';

function Progress({ done, items }: { done: number; items: number }) {
  return (
    <span className="row">
      <span className="progress" style={{ width: 120 }} aria-hidden="true">
        <span style={{ width: `${items ? (done / items) * 100 : 0}%` }} />
      </span>
      <span className="muted">
        {done} of {items}
      </span>
    </span>
  );
}

function QueueDetail({ queue }: { queue: ReviewQueueView }) {
  const names = new Map(queue.labellers.map((l) => [l.key, l.name || l.email || l.key]));
  const { agreement } = queue;
  return (
    <section className="card" aria-label={`Queue ${queue.name}`} data-testid="queue-detail">
      <header className="card-header">
        <h2>{queue.name}</h2>
        <span className="spacer" />
        <Link
          className="btn primary sm"
          to={`/review?agentId=${encodeURIComponent(queue.agentId)}&queue=${queue.id}`}
        >
          Review my items
        </Link>
      </header>
      <div className="card-body stack">
        <p className="muted">
          {formatCount(queue.traces)} traces · {queue.reviewersPerTrace} reviewer
          {queue.reviewersPerTrace > 1 ? 's' : ''} per trace · made {formatAgo(queue.createdAt)}
          {queue.filter
            ? ` from the filter ${new URLSearchParams(queue.filter as Record<string, string>).toString() || 'all traces'}`
            : ' from a list of traces'}
        </p>
        <h3>Progress</h3>
        <table className="table" aria-label="Progress per reviewer">
          <tbody>
            {queue.byAssignee.map((a) => (
              <tr key={a.userId ?? 'anyone'}>
                <td>{a.userId ? a.name || a.email : 'Anyone'}</td>
                <td>
                  <Progress done={a.done} items={a.items} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Agreement between labellers</h3>
        {agreement.pairs === 0 ? (
          <p className="muted" data-testid="queue-agreement">
            No trace has two labels yet: agreement shows once two people label the same trace.
          </p>
        ) : (
          <>
            <p data-testid="queue-agreement">
              <strong>{formatPercent(agreement.agreement)}</strong> agree · Cohen's κ{' '}
              <strong>{agreement.kappa === null ? '—' : formatNumber(agreement.kappa)}</strong> on{' '}
              {formatCount(agreement.traces)} traces labelled twice or more
            </p>
            <table className="table" aria-label="Agreement per pair of labellers">
              <thead>
                <tr>
                  <th>Labellers</th>
                  <th className="num">Traces</th>
                  <th className="num">Agree</th>
                  <th className="num">κ</th>
                </tr>
              </thead>
              <tbody>
                {agreement.byPair.map((p) => (
                  <tr key={p.labellers.join()}>
                    <td>{p.labellers.map((k) => names.get(k) ?? k).join(' · ')}</td>
                    <td className="num">{p.traces}</td>
                    <td className="num">{formatPercent(p.agreement)}</td>
                    <td className="num">{p.kappa === null ? '—' : formatNumber(p.kappa)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>
    </section>
  );
}

/** Review queues of an agent: progress per reviewer and agreement between labellers. */
export default function QueuesScreen() {
  const { search } = useLocation();
  const agentId = search.get('agentId');
  const selected = search.get('queue');
  const queues = useReviewQueues(agentId);
  const detail = useReviewQueue(selected);
  return (
    <>
      <PageHeader>
        <h1>Review queues</h1>
        <AgentPicker value={agentId} />
      </PageHeader>
      <div className="page-body">
        {queues.isPending ? (
          <Loading label="Loading review queues" rows={4} />
        ) : queues.isError ? (
          <ErrorState error={queues.error} retry={() => void queues.refetch()} />
        ) : queues.data.data.length === 0 && !selected ? (
          <Empty
            title="No review queues"
            actions={
              <Link className="btn" to={`/traces${agentId ? `?agentId=${agentId}` : ''}`}>
                Filter traces
              </Link>
            }
          >
            Filter the trace list, then use <strong>Review these…</strong> to make a queue and
            assign its traces to teammates.
          </Empty>
        ) : (
          <div className="stack">
            <table className="table" aria-label="Review queues">
              <thead>
                <tr>
                  <th>Queue</th>
                  <th className="num">Traces</th>
                  <th>Done</th>
                  <th>Made</th>
                </tr>
              </thead>
              <tbody>
                {queues.data.data.map((q) => (
                  <tr key={q.id} aria-selected={q.id === selected} data-testid="queue-row">
                    <td>
                      <button
                        type="button"
                        className="link"
                        onClick={() => setSearch({ queue: q.id })}
                      >
                        {q.name}
                      </button>
                    </td>
                    <td className="num">{formatCount(q.traces)}</td>
                    <td>
                      <Progress done={q.done} items={q.items} />
                    </td>
                    <td className="muted">{formatAgo(q.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {detail.data ? <QueueDetail queue={detail.data} /> : null}
            {detail.isError ? <ErrorState error={detail.error} /> : null}
          </div>
        )}
      </div>
    </>
  );
}
