import { type FormEvent, useState } from 'react';
import { NumberField } from '../components/number-field';
import { useEvalVersions } from '../lib/evals';
import { gepaRunHref, useStartGepaRun } from '../lib/gepa';
import { navigate } from '../lib/router';
import { useTasksets } from '../lib/tasksets';
import { TasksetSelect } from '../tasksets/taskset-select';
import { WriteError } from '../tasksets/write-result';

/**
 * Starts a GEPA run for the agent: a taskset, a budget in rollouts, the minibatch, the seed and
 * optional shadow evals (active evals scored beside the reward, kept out of it); opens the run.
 */
export function NewGepaRunForm({ agentId }: { agentId: string }) {
  const tasksets = useTasksets(agentId);
  const evals = useEvalVersions(agentId);
  const [tasksetId, setTasksetId] = useState('');
  const [budget, setBudget] = useState(60);
  const [minibatch, setMinibatch] = useState(3);
  const [seed, setSeed] = useState(0);
  const [shadow, setShadow] = useState<string[]>([]);
  const start = useStartGepaRun((run) => navigate(gepaRunHref(run.id)));
  const list = tasksets.data?.data ?? [];
  const taskset = list.find((t) => t.id === tasksetId) ?? list[0];
  const active = (evals.data?.data ?? []).filter((e) => e.status === 'active');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (taskset) {
      start.mutate({
        agentId,
        tasksetId: taskset.id,
        budgetRollouts: budget,
        minibatchSize: minibatch,
        seed,
        shadowEvals: shadow,
      });
    }
  };
  if (tasksets.isSuccess && list.length === 0) {
    return <p className="muted">This agent has no tasksets yet: make one under Tasksets first.</p>;
  }
  return (
    <form className="stack" onSubmit={submit} aria-label="Start an optimisation">
      <div className="row" style={{ flexWrap: 'wrap', alignItems: 'end' }}>
        <TasksetSelect list={list} value={taskset?.id ?? ''} onChange={setTasksetId} />
        <NumberField
          label="Budget (rollouts)"
          value={budget}
          onChange={setBudget}
          min={1}
          width={130}
        />
        <NumberField
          label="Minibatch"
          value={minibatch}
          onChange={setMinibatch}
          min={1}
          width={130}
        />
        <NumberField label="Seed" value={seed} onChange={setSeed} min={0} width={130} />
      </div>
      {active.length > 1 ? (
        <fieldset className="row" style={{ flexWrap: 'wrap', border: 0, padding: 0 }}>
          <legend className="muted">Shadow evals (scored beside the reward, not optimised)</legend>
          {active.map((e) => (
            <label key={e.id} className="row">
              <input
                type="checkbox"
                checked={shadow.includes(e.name)}
                onChange={() =>
                  setShadow((s) =>
                    s.includes(e.name) ? s.filter((x) => x !== e.name) : [...s, e.name],
                  )
                }
              />
              {e.name}
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="row">
        <button type="submit" className="btn primary" disabled={!taskset || start.isPending}>
          {start.isPending ? 'Starting…' : 'Start optimisation'}
        </button>
        <span className="muted">
          The reward is the agent's active evals that passed the agreement bar.
        </span>
      </div>
      <WriteError error={start.error} />
    </form>
  );
}
