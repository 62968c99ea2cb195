import { type FormEvent, useState } from 'react';
import { navigate } from '../lib/router';
import { tasksetHref, useAddTasks } from '../lib/tasksets';
import { tasksFromLines } from './new-taskset-by-hand';
import { WriteError, WriteSummary } from './write-result';

/** Adds tasks typed by hand, one user message per line; duplicates are reported, not added. */
export function AddTasksForm({ tasksetId }: { tasksetId: string }) {
  const [lines, setLines] = useState('');
  const add = useAddTasks(tasksetId, (r) => {
    setLines('');
    if (r.taskset.id !== tasksetId) {
      navigate(tasksetHref(r.taskset.id), { replace: true });
    }
  });
  const tasks = tasksFromLines(lines);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(tasks);
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="Add tasks">
      <label className="field">
        New tasks, one per line
        <textarea rows={3} value={lines} onChange={(e) => setLines(e.target.value)} />
      </label>
      <div className="row">
        <button type="submit" className="btn" disabled={tasks.length === 0 || add.isPending}>
          {add.isPending ? 'Adding…' : `Add ${tasks.length} task${tasks.length === 1 ? '' : 's'}`}
        </button>
      </div>
      <WriteError error={add.error} />
      {add.data ? <WriteSummary result={add.data} /> : null}
    </form>
  );
}
