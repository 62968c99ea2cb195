import { AppError } from '@/core/errors';

/**
 * The CONFLICT for a run that is not in a status the action needs, e.g. "gepa run x is succeeded;
 * only a queued, running or paused run can be cancelled".
 */
export function runStatusConflict(
  run: { kind: string; id: string; status: string },
  allowed: readonly string[],
  done: string,
): AppError {
  const last = allowed.at(-1);
  const statuses = allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')} or ${last}` : last;
  return new AppError(
    'CONFLICT',
    `${run.kind} ${run.id} is ${run.status}; only a ${statuses} run can be ${done}`,
  );
}
