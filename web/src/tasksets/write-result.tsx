import { Link } from '../lib/router';
import { type TasksetWriteResult, tasksetHref } from '../lib/tasksets';

/** An error from a taskset write, as the server said it (422 split minimum, 409 name taken…). */
export function WriteError({ error }: { error: Error | null }) {
  return error ? (
    <p className="alert error" role="alert">
      {error.message}
    </p>
  ) : null;
}

/**
 * What a create or add stored: the count added, and each duplicate that was reported, not
 * inserted (by its line in the input, or its external id).
 */
export function WriteSummary({
  result,
  lineOf = (index) => `line ${index + 1}`,
}: {
  result: TasksetWriteResult;
  lineOf?: (index: number) => string;
}) {
  const { taskset, added, duplicates } = result;
  return (
    <div className="alert" role="status" data-testid="write-summary">
      <p>
        {added} task{added === 1 ? '' : 's'} added to{' '}
        <Link to={tasksetHref(taskset.id)}>
          {taskset.name} v{taskset.version}
        </Link>
        .
        {duplicates.length > 0
          ? ` ${duplicates.length} duplicate${duplicates.length === 1 ? ' was' : 's were'} not added:`
          : ''}
      </p>
      {duplicates.length > 0 ? (
        <ul>
          {duplicates.slice(0, 20).map((d) => (
            <li key={d.index}>
              {d.externalId ? `task ${d.externalId}` : lineOf(d.index)} repeats{' '}
              {d.duplicateOf.startsWith('#')
                ? lineOf(Number(d.duplicateOf.slice(1)))
                : 'a task already in the taskset'}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
