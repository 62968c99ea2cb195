import { useState } from 'react';
import { ConfirmButton } from '../components/confirm-button';
import { JsonView } from '../components/json-view';
import { Link, navigate } from '../lib/router';
import { type TasksetTask, tasksetHref, useRemoveTasks } from '../lib/tasksets';
import { SplitBadge } from './split-counts';
import { WriteError } from './write-result';

function TaskBody({ task }: { task: TasksetTask }) {
  const e = task.expectations;
  const hasExpectations = Object.values(e).some((v) => (Array.isArray(v) ? v.length > 0 : v));
  return (
    <details>
      <summary className="truncate" title={task.title}>
        {task.title}
      </summary>
      <div className="stack" style={{ padding: '8px 0' }}>
        {task.userTurns.length > 1 ? (
          <ol aria-label="User turns">
            {task.userTurns.map((turn, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: turns are fixed and may repeat
              <li key={i}>{turn}</li>
            ))}
          </ol>
        ) : null}
        {task.scenario ? <JsonView value={task.scenario} label="Scenario" /> : null}
        {Object.keys(task.variables).length > 0 ? (
          <JsonView value={task.variables} label="Variables" />
        ) : null}
        {hasExpectations ? <JsonView value={e} label="Expectations" /> : null}
      </div>
    </details>
  );
}

/** A taskset version's tasks; the selected ones can be removed (a frozen version gets a new one). */
export function TasksetTasksTable({
  tasksetId,
  tasks,
}: {
  tasksetId: string;
  tasks: TasksetTask[];
}) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const remove = useRemoveTasks(tasksetId, (t) => {
    setSelected(new Set());
    navigate(tasksetHref(t.id), { replace: true });
  });
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) {
        next.add(id);
      }
      return next;
    });
  return (
    <div className="stack">
      <div className="row">
        <span className="muted">{selected.size > 0 ? `${selected.size} selected` : ''}</span>
        <span className="spacer" />
        <ConfirmButton
          label="Remove selected"
          confirmLabel={`Remove ${selected.size} task${selected.size === 1 ? '' : 's'}`}
          disabled={selected.size === 0}
          pending={remove.isPending}
          onConfirm={() => remove.mutate([...selected])}
        />
      </div>
      <WriteError error={remove.error} />
      <table className="table" aria-label="Tasks">
        <thead>
          <tr>
            <th scope="col" style={{ width: 32 }}>
              <span className="sr-only">Select</span>
            </th>
            <th scope="col" style={{ width: 90 }}>
              Id
            </th>
            <th scope="col">Task</th>
            <th scope="col" style={{ width: 80 }}>
              Split
            </th>
            <th scope="col" style={{ width: 110 }}>
              From trace
            </th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((t) => (
            <tr key={t.id} data-testid="taskset-task" data-split={t.split ?? ''}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Select task ${t.externalId ?? t.position + 1}`}
                  checked={selected.has(t.id)}
                  onChange={() => toggle(t.id)}
                />
              </td>
              <td className="mono muted">{t.externalId ?? `#${t.position + 1}`}</td>
              <td style={{ maxWidth: 0 }}>
                <TaskBody task={t} />
              </td>
              <td>
                <SplitBadge split={t.split} />
              </td>
              <td>
                {t.sourceTraceId ? (
                  <Link to={`/traces/${t.sourceTraceId}`} className="mono">
                    trace
                  </Link>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
