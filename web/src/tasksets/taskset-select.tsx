import type { Taskset } from '../lib/tasksets';

/** The taskset picker of the run forms: name, version and task count of each. */
export function TasksetSelect({
  list,
  value,
  onChange,
}: {
  list: Taskset[];
  value: string;
  onChange: (id: string) => void;
}) {
  return (
    <label className="field">
      Taskset
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {list.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} v{t.version} ({t.taskCount} tasks)
          </option>
        ))}
      </select>
    </label>
  );
}
