import { type FormEvent, useState } from 'react';
import { ErrorState, Loading } from '../components/states';
import { formatDateTime } from '../lib/format';
import {
  type MonitoringSettings,
  type MonitoringUpdate,
  type Thresholds,
  useMonitoringSettings,
  useSaveMonitoringSettings,
} from '../lib/monitoring';

type Field = {
  key: keyof Thresholds;
  label: string;
  percent?: boolean;
  step: string;
  help: string;
};

const FIELDS: Field[] = [
  {
    key: 'agreementDrop',
    label: 'Agreement drop (points)',
    percent: true,
    step: '1',
    help: 'Alert when agreement falls this far below the baseline.',
  },
  {
    key: 'errorRateRise',
    label: 'Error rate rise (points)',
    percent: true,
    step: '1',
    help: 'Alert when the error rate rises this far above the baseline.',
  },
  {
    key: 'passRateZ',
    label: 'Pass rate shift (|z|)',
    step: '0.1',
    help: 'Alert when the pass rate moves this many standard errors (3 ≈ p < 0.003).',
  },
  {
    key: 'minLabelled',
    label: 'Minimum labelled traces',
    step: '1',
    help: 'Labelled verdicts needed before agreement is judged.',
  },
  {
    key: 'minExecutions',
    label: 'Minimum executions',
    step: '1',
    help: 'Executions needed before rates are judged.',
  },
  {
    key: 'baselineDays',
    label: 'Baseline days',
    step: '1',
    help: 'Days before the snapshot day that form the baseline.',
  },
];

const shown = (f: Field, v: number) => String(f.percent ? Math.round(v * 1000) / 10 : v);
const parsed = (f: Field, s: string) => (f.percent ? Number(s) / 100 : Number(s));

type Save = ReturnType<typeof useSaveMonitoringSettings>;

function Editor({
  settings,
  canWrite,
  save,
}: {
  settings: MonitoringSettings;
  canWrite: boolean;
  save: Save;
}) {
  const { defaults, effective, overrides } = settings.thresholds;
  const [values, setValues] = useState(() =>
    Object.fromEntries(FIELDS.map((f) => [f.key, shown(f, effective[f.key])])),
  );
  const [enabled, setEnabled] = useState(settings.autoRefine.enabled);
  const [trigger, setTrigger] = useState(String(settings.autoRefine.contradictionTrigger));
  const [cooldownHours, setCooldownHours] = useState(String(settings.autoRefine.cooldownHours));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const thresholds: NonNullable<MonitoringUpdate['thresholds']> = {};
    for (const f of FIELDS) {
      const next = parsed(f, values[f.key] ?? '');
      if (next === defaults[f.key] && f.key in overrides) {
        thresholds[f.key] = null;
      } else if (next !== effective[f.key]) {
        thresholds[f.key] = next;
      }
    }
    save.mutate({
      thresholds,
      autoRefine: {
        enabled,
        contradictionTrigger: Number(trigger),
        cooldownHours: Number(cooldownHours),
      },
    });
  };
  const cooldown = settings.autoRefine.cooldown;
  return (
    <form className="stack" onSubmit={submit} aria-label="Monitoring settings">
      <fieldset
        disabled={!canWrite || save.isPending}
        className="stack"
        style={{ border: 0, padding: 0, margin: 0 }}
      >
        <legend className="section-title">Alert thresholds</legend>
        <div className="grid cols-3">
          {FIELDS.map((f) => (
            <label key={f.key} className="field" title={f.help}>
              {f.label}
              <input
                type="number"
                required
                min={0}
                max={f.percent ? 100 : undefined}
                step={f.step}
                value={values[f.key]}
                onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
              />
              <span className="muted" style={{ fontWeight: 400 }} data-testid={`hint-${f.key}`}>
                {f.key in overrides ? 'custom' : 'default'} · default {shown(f, defaults[f.key])}
              </span>
            </label>
          ))}
        </div>
        <legend className="section-title">Auto-refine</legend>
        <label className="row" style={{ gap: 8 }}>
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          Refine automatically when contradictions pile up
        </label>
        <div className="grid cols-3">
          <label className="field">
            Contradictions per day that trigger it
            <input
              type="number"
              min={1}
              step="1"
              required
              value={trigger}
              onChange={(e) => setTrigger(e.target.value)}
            />
          </label>
          <label className="field">
            Cooldown between refinements (hours)
            <input
              type="number"
              min={0}
              step="0.5"
              required
              value={cooldownHours}
              onChange={(e) => setCooldownHours(e.target.value)}
            />
          </label>
        </div>
        <p className="muted">
          Auto-refine only proposes a new candidate version; a person compares and activates it. The
          cooldown doubles after each failed refinement (at most 7 days).
          {cooldown?.lastTriggeredAt
            ? ` Last triggered ${formatDateTime(cooldown.lastTriggeredAt)} (${cooldown.lastOutcome ?? 'pending'}); next allowed ${formatDateTime(cooldown.nextAllowedAt)}.`
            : ''}
        </p>
      </fieldset>
      {canWrite ? (
        <div className="row" style={{ gap: 8 }}>
          <button type="submit" className="btn primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save settings'}
          </button>
          <span role="status" className="muted">
            {save.isSuccess ? 'Saved; they apply to every version of this eval.' : ''}
          </span>
        </div>
      ) : (
        <p className="muted">Viewers can read these settings but not change them.</p>
      )}
      {save.isError ? (
        <p className="alert error" role="alert">
          {save.error.message}
        </p>
      ) : null}
    </form>
  );
}

export function MonitoringSettingsForm({
  evalId,
  canWrite,
}: {
  evalId: string;
  canWrite: boolean;
}) {
  const settings = useMonitoringSettings(evalId);
  // Outside the editor, which remounts with fresh values after a save, so "Saved" survives.
  const save = useSaveMonitoringSettings(evalId);
  if (settings.isPending) {
    return <Loading rows={3} />;
  }
  if (settings.isError) {
    return <ErrorState error={settings.error} retry={() => void settings.refetch()} />;
  }
  return (
    <Editor key={settings.dataUpdatedAt} settings={settings.data} canWrite={canWrite} save={save} />
  );
}
