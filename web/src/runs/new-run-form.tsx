import { type FormEvent, useState } from 'react';
import { NumberField } from '../components/number-field';
import { navigate } from '../lib/router';
import { runHref, useStartRun } from '../lib/runs';
import { SPLIT_NAMES, type Split, type Taskset, useTasksets } from '../lib/tasksets';
import { TasksetSelect } from '../tasksets/taskset-select';
import { WriteError } from '../tasksets/write-result';
import { SideEffectsField, UserModeFields, useRunBehaviour } from './run-behaviour-fields';
import { PromptTextField, RunTargetFields, useRunTarget } from './run-target-fields';

const SPLITS = Object.keys(SPLIT_NAMES) as Split[];

/** Every task of the taskset, or one split of it (a split with no tasks cannot be picked). */
function SplitSelect({
  taskset,
  value,
  onChange,
}: {
  taskset: Taskset | undefined;
  value: Split | '';
  onChange: (split: Split | '') => void;
}) {
  return (
    <label className="field">
      Tasks
      <select value={value} onChange={(e) => onChange(e.target.value as Split | '')}>
        <option value="">Every task</option>
        {SPLITS.map((s) => (
          <option key={s} value={s} disabled={!taskset || taskset.splitCounts[s] === 0}>
            {SPLIT_NAMES[s]} split ({taskset?.splitCounts[s] ?? 0})
          </option>
        ))}
      </select>
    </label>
  );
}

/** The optional cost ceiling: empty means none. */
function CeilingField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <label className="field" style={{ width: 150 }}>
      Cost ceiling (USD)
      <input
        type="number"
        min={0.0001}
        step="any"
        placeholder="none"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

/**
 * Runs an agent version (or a prompt text) on a taskset (one split or every task), k rollouts per
 * task, with a parallelism, an optional cost ceiling, a user mode and the side-effects switch;
 * opens the run to watch it.
 */
export function NewRunForm({ agentId }: { agentId: string }) {
  const tasksets = useTasksets(agentId);
  const target = useRunTarget(agentId);
  const behaviour = useRunBehaviour();
  const [tasksetId, setTasksetId] = useState('');
  const [split, setSplit] = useState<Split | ''>('');
  const [k, setK] = useState(1);
  const [parallel, setParallel] = useState(4);
  const [ceiling, setCeiling] = useState('');
  const start = useStartRun((run) => navigate(runHref(run.id)));
  const list = tasksets.data?.data ?? [];
  const taskset = list.find((t) => t.id === tasksetId) ?? list[0];
  const tasks = taskset ? (split ? taskset.splitCounts[split] : taskset.taskCount) : 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!taskset) {
      return;
    }
    start.mutate({
      tasksetId: taskset.id,
      ...target.input,
      ...(split ? { split } : {}),
      k,
      parallel,
      ...(ceiling ? { maxCostUsd: Number(ceiling) } : {}),
      ...behaviour.input,
    });
  };
  if (tasksets.isSuccess && list.length === 0) {
    return (
      <p className="muted" data-testid="no-tasksets">
        This agent has no tasksets yet: make one under Tasksets, then run it here.
      </p>
    );
  }
  return (
    <form className="stack" onSubmit={submit} aria-label="Run a taskset">
      <div className="row" style={{ flexWrap: 'wrap', alignItems: 'end' }}>
        <TasksetSelect list={list} value={taskset?.id ?? ''} onChange={setTasksetId} />
        <SplitSelect taskset={taskset} value={split} onChange={setSplit} />
        <RunTargetFields state={target} />
        <NumberField
          label="Rollouts per task"
          value={k}
          onChange={setK}
          min={1}
          max={50}
          width={130}
        />
        <NumberField
          label="In parallel"
          value={parallel}
          onChange={setParallel}
          min={1}
          max={64}
          width={110}
        />
        <CeilingField value={ceiling} onChange={setCeiling} />
        <UserModeFields state={behaviour} />
      </div>
      <PromptTextField state={target} />
      <SideEffectsField state={behaviour} />
      <div className="row">
        <button type="submit" className="btn primary" disabled={!taskset || start.isPending}>
          {start.isPending ? 'Starting…' : `Run ${tasks * k} rollouts`}
        </button>
      </div>
      <WriteError error={start.error} />
    </form>
  );
}
