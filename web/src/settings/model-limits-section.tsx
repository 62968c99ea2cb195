import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorState, Loading } from '../components/states';
import { api } from '../lib/api';
import { formatUsd } from '../lib/job-result';
import { OwnerOnly } from './owner-only';

// GET/PATCH /v1/workspace/model-limits (src/evals/bridge/model-limits.ts).
const FIELDS = [
  { key: 'maxCallsPerRun', label: 'Model calls per run', step: '1' },
  { key: 'maxCostUsdPerRun', label: 'Cost per run (USD)', step: 'any' },
  { key: 'maxCallsPerDay', label: 'Model calls per day', step: '1' },
  { key: 'maxCostUsdPerDay', label: 'Cost per day (USD)', step: 'any' },
  { key: 'concurrency', label: 'Calls at once', step: '1' },
  { key: 'callTimeoutMs', label: 'Timeout per call (ms)', step: '1' },
  { key: 'judgeMaxOutputTokens', label: 'Output tokens per judge call', step: '1' },
  { key: 'askMaxOutputTokens', label: 'Output tokens per ask call', step: '1' },
] as const;
type Key = (typeof FIELDS)[number]['key'];
type Limits = Record<Key, number>;
type ModelLimits = {
  defaults: Limits;
  overrides: Partial<Limits>;
  effective: Limits;
  /** The server operator's caps while the workspace uses the server's model provider. */
  ceilings: Limits | null;
  today: { calls: number; costUsd: number };
};
const KEY = ['settings', 'model-limits'] as const;

/** Text inputs as typed: an emptied field returns to its default (null). */
function changesOf(limits: ModelLimits, typed: Record<Key, string>) {
  const changes: Partial<Record<Key, number | null>> = {};
  for (const { key } of FIELDS) {
    const text = typed[key].trim();
    const value = text === '' ? null : Number(text);
    if (value !== (limits.overrides[key] ?? (text === '' ? null : limits.effective[key]))) {
      changes[key] = value;
    }
  }
  return changes;
}

function LimitsForm({ limits, isOwner }: { limits: ModelLimits; isOwner: boolean }) {
  const queryClient = useQueryClient();
  const initial = () =>
    Object.fromEntries(FIELDS.map((f) => [f.key, String(limits.overrides[f.key] ?? '')])) as Record<
      Key,
      string
    >;
  const [typed, setTyped] = useState(initial);
  const save = useMutation({
    mutationFn: () =>
      api.patch<ModelLimits>('/v1/workspace/model-limits', changesOf(limits, typed)),
    onSuccess: (saved) => queryClient.setQueryData(KEY, saved),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div className="grid cols-3">
        {FIELDS.map((f) => (
          <label key={f.key} className="field">
            {f.label}
            <input
              type="number"
              name={f.key}
              step={f.step}
              disabled={!isOwner}
              placeholder={String(limits.defaults[f.key])}
              value={typed[f.key]}
              onChange={(e) => setTyped({ ...typed, [f.key]: e.target.value })}
            />
            <span className="muted" style={{ fontWeight: 400 }} data-testid={`limit-${f.key}`}>
              {f.key in limits.overrides ? 'set for this workspace · ' : ''}default{' '}
              {limits.defaults[f.key]}
              {limits.ceilings ? ` · server's ceiling ${limits.ceilings[f.key]}` : ''}
              {limits.effective[f.key] !== (limits.overrides[f.key] ?? limits.defaults[f.key])
                ? ` · in use ${limits.effective[f.key]}`
                : ''}
            </span>
          </label>
        ))}
      </div>
      {isOwner ? (
        <div className="row" style={{ gap: 8 }}>
          <button type="submit" className="btn primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save limits'}
          </button>
          <span role="status" className="muted">
            {save.isSuccess ? 'Saved' : ''}
          </span>
        </div>
      ) : (
        <OwnerOnly what="change the model limits" />
      )}
      {save.isError ? (
        <p className="alert error" role="alert">
          {save.error.message}
        </p>
      ) : null}
    </form>
  );
}

/** Budgets and concurrency of evals that ask a model, with what today's calls cost. */
export function ModelLimitsSection({ isOwner }: { isOwner: boolean }) {
  const limits = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => api.get<ModelLimits>('/v1/workspace/model-limits', signal),
  });
  if (limits.isPending) {
    return <Loading rows={2} />;
  }
  if (limits.isError) {
    return <ErrorState error={limits.error} retry={() => void limits.refetch()} />;
  }
  const { today } = limits.data;
  return (
    <section className="card" aria-labelledby="model-limits-title">
      <div className="card-header">
        <h2 id="model-limits-title">Model limits</h2>
      </div>
      <div className="card-body stack">
        <p className="muted">
          Evals that ask a model (judge questions) stop at these limits: a trace past one gets a
          BUDGET error and the run goes on. Cached answers are free. Leave a field empty for the
          default. Today: {today.calls} model calls, {formatUsd(today.costUsd)}.
        </p>
        <LimitsForm
          key={JSON.stringify(limits.data.overrides)}
          limits={limits.data}
          isOwner={isOwner}
        />
      </div>
    </section>
  );
}
