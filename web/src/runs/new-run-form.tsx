import { type FormEvent, useState } from 'react';
import { useAgent } from '../lib/agents';
import { navigate } from '../lib/router';
import { runHref, useStartRun } from '../lib/runs';
import { SPLIT_NAMES, type Split, useTasksets } from '../lib/tasksets';
import { TasksetSelect } from '../tasksets/taskset-select';
import { WriteError } from '../tasksets/write-result';
import { SideEffectsField, UserModeFields, useRunBehaviour } from './run-behaviour-fields';

const SPLITS = Object.keys(SPLIT_NAMES) as Split[];

/**
 * Runs an agent version (or a prompt text) on a taskset (one split or every task), k rollouts per
 * task, with a parallelism, an optional cost ceiling, a user mode and the side-effects switch;
 * opens the run to watch it.
 */
export function NewRunForm({ agentId }: { agentId: string }) {
  const tasksets = useTasksets(agentId);
  const agent = useAgent(agentId);
  const [tasksetId, setTasksetId] = useState('');
  const [versionId, setVersionId] = useState('');
  const [byPrompt, setByPrompt] = useState(false);
  const [promptText, setPromptText] = useState('');
  const behaviour = useRunBehaviour();
  const [split, setSplit] = useState('');
  const [k, setK] = useState(1);
  const [parallel, setParallel] = useState(4);
  const [ceiling, setCeiling] = useState('');
  const start = useStartRun((run) => navigate(runHref(run.id)));
  const list = tasksets.data?.data ?? [];
  const taskset = list.find((t) => t.id === tasksetId) ?? list[0];
  const versions = agent.data?.versions ?? [];
  const version = versions.find((v) => v.id === versionId);
  const tasks = taskset ? (split ? taskset.splitCounts[split as Split] : taskset.taskCount) : 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!taskset) {
      return;
    }
    start.mutate({
      tasksetId: taskset.id,
      ...(byPrompt ? { promptText } : version ? { agentVersionId: version.id } : {}),
      ...(split ? { split: split as Split } : {}),
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
        <label className="field">
          Tasks
          <select value={split} onChange={(e) => setSplit(e.target.value)}>
            <option value="">Every task</option>
            {SPLITS.map((s) => (
              <option key={s} value={s} disabled={!taskset || taskset.splitCounts[s] === 0}>
                {SPLIT_NAMES[s]} split ({taskset?.splitCounts[s] ?? 0})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Run
          <select
            data-testid="run-target"
            value={byPrompt ? 'prompt' : 'version'}
            onChange={(e) => setByPrompt(e.target.value === 'prompt')}
          >
            <option value="version">An agent version</option>
            <option value="prompt">A prompt text</option>
          </select>
        </label>
        {byPrompt ? null : (
          <label className="field">
            Agent version
            <select value={version?.id ?? ''} onChange={(e) => setVersionId(e.target.value)}>
              <option value="">The active version</option>
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  v{v.version} · {v.status}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field" style={{ width: 130 }}>
          Rollouts per task
          <input
            type="number"
            min={1}
            max={50}
            required
            value={k}
            onChange={(e) => setK(Number(e.target.value))}
          />
        </label>
        <label className="field" style={{ width: 110 }}>
          In parallel
          <input
            type="number"
            min={1}
            max={64}
            required
            value={parallel}
            onChange={(e) => setParallel(Number(e.target.value))}
          />
        </label>
        <label className="field" style={{ width: 150 }}>
          Cost ceiling (USD)
          <input
            type="number"
            min={0.0001}
            step="any"
            placeholder="none"
            value={ceiling}
            onChange={(e) => setCeiling(e.target.value)}
          />
        </label>
        <UserModeFields state={behaviour} />
      </div>
      {byPrompt ? (
        <label className="field">
          Prompt text (a candidate system prompt; {'{{variables}}'} are filled from each task)
          <textarea
            rows={4}
            required
            maxLength={200_000}
            value={promptText}
            onChange={(e) => setPromptText(e.target.value)}
          />
        </label>
      ) : null}
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
