import { type FormEvent, useState } from 'react';
import { navigate } from '../lib/router';
import { tasksetHref, useCreateTaskset } from '../lib/tasksets';
import { SplitNowField, useSplitNow } from './split-now-field';
import { WriteError, WriteSummary } from './write-result';

/** One task per non-empty line: the user's first message. */
export function tasksFromLines(text: string) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((userMessage) => ({ userMessage }));
}

/**
 * A taskset typed by hand: a name and one user message per line, split now (seeded) if asked.
 * With no duplicates it opens the new taskset; otherwise it says which lines were not added.
 */
export function NewTasksetByHand({ agentId }: { agentId: string }) {
  const [name, setName] = useState('');
  const [lines, setLines] = useState('');
  const splitNow = useSplitNow();
  const create = useCreateTaskset((r) => {
    if (r.duplicates.length === 0) {
      navigate(tasksetHref(r.taskset.id));
    }
  });
  const tasks = tasksFromLines(lines);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      agentId,
      name,
      tasks,
      ...splitNow.request,
    });
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="New taskset by hand">
      <label className="field">
        Name
        <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        Tasks, one per line (what the user asks)
        <textarea
          rows={6}
          value={lines}
          placeholder={'Cancel my reservation ABC123\nChange my flight to Friday'}
          onChange={(e) => setLines(e.target.value)}
        />
      </label>
      <div className="row">
        <SplitNowField state={splitNow} />
      </div>
      <div className="row">
        <button type="submit" className="btn primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : `Create with ${tasks.length} tasks`}
        </button>
      </div>
      <WriteError error={create.error} />
      {create.data && create.data.duplicates.length > 0 ? (
        <WriteSummary result={create.data} />
      ) : null}
    </form>
  );
}
