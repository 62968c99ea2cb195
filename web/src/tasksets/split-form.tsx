import { type FormEvent, useState } from 'react';
import { navigate } from '../lib/router';
import { type Taskset, tasksetHref, useSplitTaskset } from '../lib/tasksets';
import { WriteError } from './write-result';

const optional = (s: string) => (s.trim() === '' ? undefined : Number(s));

/**
 * Seeded train / validation / test split (clusters kept whole). Blank sizes take the server's
 * defaults (test 20% from 10 tasks, validation max(5, 30%)); the same seed gives the same split.
 */
export function SplitForm({ taskset }: { taskset: Taskset }) {
  const [seed, setSeed] = useState(String(taskset.splitSeed ?? 0));
  const [val, setVal] = useState('');
  const [test, setTest] = useState('');
  const split = useSplitTaskset(taskset.id, (t) => navigate(tasksetHref(t.id), { replace: true }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    split.mutate({ seed: Number(seed), val: optional(val), test: optional(test) });
  };
  const done = taskset.splitCounts.none < taskset.taskCount;
  return (
    <form className="stack" onSubmit={submit} aria-label="Split the tasks">
      <div className="row" style={{ alignItems: 'flex-end', flexWrap: 'wrap' }}>
        <label className="field">
          Seed
          <input
            type="number"
            required
            min={0}
            step={1}
            style={{ width: 100 }}
            value={seed}
            onChange={(e) => setSeed(e.target.value)}
          />
        </label>
        <SizeField label="Validation tasks" value={val} onChange={setVal} />
        <SizeField label="Test tasks" value={test} onChange={setTest} />
        <button type="submit" className="btn primary" disabled={split.isPending}>
          {split.isPending ? 'Splitting…' : done ? 'Split again' : 'Split'}
        </button>
      </div>
      <p className="muted">
        Near-duplicate tasks (one cluster) stay in one split. Blank sizes use the defaults: test 20%
        (none under 10 tasks), validation max(5, 30%); train needs at least 3 tasks.
        {done && taskset.splitSeed === null
          ? ' The current split came with the import; a seeded split replaces it.'
          : ''}
        {taskset.frozenAt ? ' This version is frozen, so the split makes a new version.' : ''}
      </p>
      <WriteError error={split.error} />
    </form>
  );
}

/** A split's size in tasks; blank takes the server's default. */
function SizeField(props: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <label className="field">
      {props.label}
      <input
        type="number"
        min={0}
        step={1}
        style={{ width: 120 }}
        placeholder="default"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}
