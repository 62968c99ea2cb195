import { useAgent } from '../lib/agents';
import type { TasksetRun } from '../lib/runs';
import { useTaskset } from '../lib/tasksets';

const TONE: Record<string, string> = {
  queued: '',
  running: 'accent',
  succeeded: 'good',
  failed: 'bad',
  cancelled: 'warn',
  stopped: 'warn',
  paused: 'warn',
};

const TITLE: Record<string, string> = {
  stopped: 'Stopped at its cost ceiling: resume with a higher one',
};

export function RunStatus({ status }: { status: string }) {
  return (
    <span className={`badge ${TONE[status] ?? ''}`} title={TITLE[status]} data-testid="run-status">
      {status}
    </span>
  );
}

/** `done` of `of` as a bar, read by assistive tech as `label`. */
export function ProgressBar({
  done,
  of,
  label,
  width,
}: {
  done: number;
  of: number;
  label: string;
  width?: number;
}) {
  return (
    <span
      className="progress"
      style={width ? { width } : undefined}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={of}
      aria-valuenow={done}
    >
      <span style={{ width: `${of ? (done / of) * 100 : 0}%` }} />
    </span>
  );
}

/** Rollouts done of planned, as a bar and words. */
export function RunProgress({ run }: { run: TasksetRun }) {
  const { done, planned } = run.progress;
  return (
    <span className="row" data-testid="run-progress">
      <ProgressBar done={done} of={planned} label="Rollouts done" width={140} />
      <span className="muted">
        {done} of {planned} rollouts
      </span>
    </span>
  );
}

/**
 * What ran, in words: "shop v1 · test split · agent v2 · k=3" (the taskset and the agent's
 * versions are read once and shared by every run that names them).
 */
export function RunLabel({ run }: { run: TasksetRun }) {
  const taskset = useTaskset(run.tasksetId).data?.taskset;
  const versions = useAgent(taskset?.agentId ?? null).data?.versions ?? [];
  const version = versions.find((v) => v.id === run.agentVersionId);
  const target =
    run.candidateText !== null
      ? 'a candidate prompt'
      : version
        ? `agent v${version.version}`
        : 'the active version';
  return (
    <>
      {taskset ? `${taskset.name} v${taskset.version}` : 'taskset'}
      {run.config.split ? ` · ${run.config.split} split` : ''} · {target} · k=
      {run.config.rolloutsPerTask ?? 1}
      {run.config.userMode ? ` · ${run.config.userMode} user` : ''}
      {run.config.allowSideEffects ? ' · side effects allowed' : ''}
    </>
  );
}
