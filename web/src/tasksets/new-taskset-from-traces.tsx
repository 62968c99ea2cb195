import { type FormEvent, useState } from 'react';
import { navigate } from '../lib/router';
import { type FromTraces, tasksetHref, useCreateFromTraces } from '../lib/tasksets';
import { SplitNowField, useSplitNow } from './split-now-field';
import { WriteError } from './write-result';

const DAY_MS = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);

/**
 * A taskset from the agent's tasks (extracted from its traces) whose traces match a filter, by
 * default one task per cluster (negatives first) and split now: two clicks from the Tasks screen.
 */
export function NewTasksetFromTraces({ agentId }: { agentId: string }) {
  const [name, setName] = useState(`Tasks ${today()}`);
  const [label, setLabel] = useState('');
  const [errors, setErrors] = useState('');
  const [days, setDays] = useState('');
  const [perCluster, setPerCluster] = useState(true);
  const splitNow = useSplitNow();
  const create = useCreateFromTraces((r) => navigate(tasksetHref(r.taskset.id)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const filter: FromTraces['filter'] = {
      ...(label ? { label: label as 'positive' } : {}),
      ...(errors ? { hasErrors: errors === 'true' } : {}),
      ...(days ? { from: new Date(Date.now() - Number(days) * DAY_MS).toISOString() } : {}),
    };
    create.mutate({
      agentId,
      name,
      filter,
      perCluster,
      ...splitNow.request,
    });
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="New taskset from traces">
      <p className="text-2">
        The tasks extracted from this agent's traces (see Tasks), keeping each one's cluster, source
        trace and expectations. One per cluster takes a single run of each task, bad runs first.
      </p>
      <label className="field">
        Name
        <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <div className="row" style={{ flexWrap: 'wrap' }}>
        <label className="field">
          Label
          <select value={label} onChange={(e) => setLabel(e.target.value)}>
            <option value="">Any label</option>
            <option value="negative">Bad</option>
            <option value="positive">Good</option>
            <option value="neutral">Neutral</option>
            <option value="unlabelled">Unlabelled</option>
          </select>
        </label>
        <label className="field">
          Errors
          <select value={errors} onChange={(e) => setErrors(e.target.value)}>
            <option value="">Errors or not</option>
            <option value="true">With errors</option>
            <option value="false">Without errors</option>
          </select>
        </label>
        <label className="field">
          Started
          <select value={days} onChange={(e) => setDays(e.target.value)}>
            <option value="">Any time</option>
            <option value="1">Last 24 hours</option>
            <option value="7">Last 7 days</option>
            <option value="30">Last 30 days</option>
          </select>
        </label>
      </div>
      <div className="row" style={{ flexWrap: 'wrap' }}>
        <label className="row">
          <input
            type="checkbox"
            checked={perCluster}
            onChange={(e) => setPerCluster(e.target.checked)}
          />
          One task per cluster
        </label>
        <SplitNowField state={splitNow} />
      </div>
      <div className="row">
        <button type="submit" className="btn primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create taskset'}
        </button>
      </div>
      <WriteError error={create.error} />
    </form>
  );
}
