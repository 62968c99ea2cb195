import { useState } from 'react';
import {
  type PlaygroundSession,
  type PromptIteration,
  useImprove,
  useRunOnTaskset,
  useTasksetRun,
  useUpdateSession,
} from '../lib/playground';
import { useTasksets } from '../lib/tasksets';

const STATUS_LABEL: Record<PromptIteration['status'], string> = {
  proposed: 'Proposed',
  running: 'Running on a taskset',
  rejected: 'Rejected',
  evaluated: 'Evaluated',
  promoted: 'Promoted',
};

/** Runs the session's prompt, or an iteration's text, over a taskset split and shows the result. */
export function RunOnSplit({
  session,
  iterationId,
  label,
}: {
  session: PlaygroundSession;
  iterationId?: string;
  label: string;
}) {
  const tasksets = useTasksets(session.agentId);
  const [tasksetId, setTasksetId] = useState('');
  const [split, setSplit] = useState('test');
  const start = useRunOnTaskset(session.id);
  const run = useTasksetRun(start.data?.id ?? null);
  const chosen = tasksetId || tasksets.data?.data[0]?.id || '';
  const shown = run.data ?? start.data;
  return (
    <form
      className="row"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        start.mutate({ tasksetId: chosen, split, ...(iterationId ? { iterationId } : {}) });
      }}
    >
      <select aria-label="Taskset" value={chosen} onChange={(e) => setTasksetId(e.target.value)}>
        {(tasksets.data?.data ?? []).map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
      <select aria-label="Split" value={split} onChange={(e) => setSplit(e.target.value)}>
        <option value="train">train</option>
        <option value="val">validation</option>
        <option value="test">test</option>
      </select>
      <button type="submit" className="btn" disabled={!chosen || start.isPending}>
        Run on split
      </button>
      {shown ? (
        <span role="status">
          Run {shown.status}: {shown.progress.done}/{shown.progress.planned} tasks
          {shown.summary?.meanScore !== undefined
            ? `, mean score ${shown.summary.meanScore.toFixed(2)}`
            : ''}
        </span>
      ) : null}
      {start.error ? <span role="alert">{start.error.message}</span> : null}
    </form>
  );
}

function Proposal({
  session,
  iteration,
}: {
  session: PlaygroundSession;
  iteration: PromptIteration;
}) {
  const use = useUpdateSession(session.id);
  const failed = Object.entries(iteration.guardResults).filter(([, g]) => !g.ok);
  return (
    <section className="stack" aria-label="Proposal">
      <p>
        <strong>{STATUS_LABEL[iteration.status]}</strong>: {iteration.changeSummary?.reason}
      </p>
      {failed.length ? (
        <ul aria-label="Failed checks">
          {failed.map(([name, g]) => (
            <li key={name}>
              {name}: {g.message}
            </li>
          ))}
        </ul>
      ) : (
        <p role="status">Passes the guards and the lints.</p>
      )}
      <pre className="mono" style={{ whiteSpace: 'pre-wrap' }}>
        {iteration.text}
      </pre>
      {iteration.status !== 'rejected' ? (
        <>
          <RunOnSplit session={session} iterationId={iteration.id} label="Run the proposal" />
          <button
            type="button"
            className="btn"
            disabled={use.isPending}
            onClick={() => use.mutate({ draftPrompt: iteration.text })}
          >
            Use the proposal
          </button>
          {use.error ? <p role="alert">{use.error.message}</p> : null}
        </>
      ) : null}
    </section>
  );
}

/** One-shot improve from the agent's failing traces, and taskset runs of the session's prompt. */
export function ImproveCard({ session }: { session: PlaygroundSession }) {
  const [notes, setNotes] = useState('');
  const improve = useImprove(session.id);
  if (!session.agentId) {
    return null;
  }
  return (
    <section className="card" aria-label="Improve">
      <div className="card-body stack">
        <RunOnSplit session={session} label="Run this prompt" />
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            improve.mutate(notes.trim() ? { notes } : {});
          }}
        >
          <label className="field">
            Notes for improve
            <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} />
          </label>
          <button type="submit" className="btn" disabled={improve.isPending}>
            {improve.isPending ? 'Improving…' : 'Improve from failing traces'}
          </button>
        </form>
        {improve.error ? <p role="alert">{improve.error.message}</p> : null}
        {improve.data ? (
          <>
            <p className="muted">
              From {improve.data.traceIds.length} failing traces
              {improve.data.rules.length
                ? `; rules: ${improve.data.rules.map((r) => r.title).join(', ')}`
                : ''}
            </p>
            <Proposal session={session} iteration={improve.data.iteration} />
          </>
        ) : null}
      </div>
    </section>
  );
}
