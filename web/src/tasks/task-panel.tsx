import { JsonView } from '../components/json-view';
import { LabelBadge } from '../components/label-badge';
import { ErrorState, Loading } from '../components/states';
import { formatNumber } from '../lib/format';
import { Link } from '../lib/router';
import { RELATION_TEXT, type TaskDetail, useTask } from '../lib/tasks';

function Expectations({ task }: { task: TaskDetail['task'] }) {
  const has =
    task.expectedOutput || (task.expectedActions?.length ?? 0) > 0 || task.successCriteria.length;
  if (!has) {
    return (
      <p className="muted">
        No expectations: they come from a run labelled good (its answer, tool calls and notes).
      </p>
    );
  }
  return (
    <dl className="kv">
      {task.expectedActions?.length ? (
        <>
          <dt>Tool calls</dt>
          <dd>
            <ol aria-label="Expected tool calls">
              {task.expectedActions.map((a, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a call sequence may repeat a call
                <li key={i}>
                  <code>{a.name}</code>
                </li>
              ))}
            </ol>
          </dd>
        </>
      ) : null}
      {task.expectedOutput ? (
        <>
          <dt>Answer</dt>
          <dd className="text-2">{task.expectedOutput}</dd>
        </>
      ) : null}
      {task.successCriteria.length > 0 ? (
        <>
          <dt>Criteria</dt>
          <dd>
            <ul>
              {task.successCriteria.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

function LabelledRuns({ runs }: { runs: TaskDetail['feedback'] }) {
  if (runs.length === 0) {
    return <p className="muted">No labelled runs of this task or its neighbours yet.</p>;
  }
  return (
    <table className="table" aria-label="Labelled runs">
      <thead>
        <tr>
          <th scope="col" style={{ width: 100 }}>
            Relation
          </th>
          <th scope="col" style={{ width: 110 }}>
            Label
          </th>
          <th scope="col">Run</th>
          <th scope="col" style={{ width: 60 }}>
            Trace
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={`${r.relation}-${r.traceId}`} data-testid="labelled-run">
            <td className="muted">{RELATION_TEXT[r.relation]}</td>
            <td>
              <LabelBadge label={r.label} />
            </td>
            <td>
              {r.summary ? <div className="text-2">{r.summary}</div> : null}
              {r.notes.map((n) => (
                <div key={n} className="muted">
                  Note: {n}
                </div>
              ))}
            </td>
            <td>
              <Link to={`/traces/${r.traceId}`}>open</Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SimilarTraces({ similar }: { similar: TaskDetail['similar'] }) {
  if (similar.length === 0) {
    return <p className="muted">No similar traces yet.</p>;
  }
  return (
    <table className="table" aria-label="Similar traces">
      <thead>
        <tr>
          <th scope="col" style={{ width: 40 }}>
            #
          </th>
          <th scope="col">First message</th>
          <th scope="col" style={{ width: 110 }}>
            Label
          </th>
          <th scope="col" className="num" style={{ width: 70 }}>
            Score
          </th>
        </tr>
      </thead>
      <tbody>
        {similar.map((s) => (
          <tr key={s.traceId} data-testid="similar-trace">
            <td className="muted">{s.rank}</td>
            <td className="truncate" style={{ maxWidth: 0 }}>
              <Link to={`/traces/${s.traceId}`} title={s.title ?? undefined}>
                {s.title || s.traceId}
              </Link>
            </td>
            <td>
              <LabelBadge label={s.label} />
            </td>
            <td className="num muted">{formatNumber(s.score, 2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One task: its user side, expectations, labelled runs (labels and notes) and similar traces. */
export function TaskPanel({ id }: { id: string }) {
  const detail = useTask(id);
  if (detail.isPending) {
    return <Loading rows={4} label="Loading task" />;
  }
  if (detail.isError) {
    return <ErrorState error={detail.error} retry={() => void detail.refetch()} />;
  }
  const { task, similar, feedback } = detail.data;
  return (
    <section className="card" aria-label="Task" data-testid="task-panel">
      <div className="card-header">
        <h3 className="truncate" title={task.title}>
          {task.title}
        </h3>
        <span className="spacer" />
        <span className="badge">{task.kind.replace('_', '-')}</span>
        {task.traceId ? (
          <Link className="btn sm" to={`/traces/${task.traceId}`}>
            Open its trace
          </Link>
        ) : (
          <span className="badge">written by hand</span>
        )}
      </div>
      <div className="card-body stack">
        {task.userTurns.length > 1 ? (
          <details>
            <summary>{task.userTurns.length} user turns</summary>
            <ol aria-label="User turns">
              {task.userTurns.map((turn, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: recorded turns may repeat
                <li key={i} className="text-2">
                  {turn}
                </li>
              ))}
            </ol>
          </details>
        ) : null}
        {Object.keys(task.variables).length > 0 ? (
          <JsonView value={task.variables} label="Variables" />
        ) : null}
        <h4 className="section-title">Expected</h4>
        <Expectations task={task} />
        <h4 className="section-title">Labelled runs</h4>
        <LabelledRuns runs={feedback} />
        <h4 className="section-title">Similar traces</h4>
        <SimilarTraces similar={similar} />
      </div>
    </section>
  );
}
