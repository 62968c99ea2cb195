import { ErrorState, Loading } from '../components/states';
import { formatDateTime } from '../lib/format';
import {
  type MonitoringSettings,
  useMonitoringSettings,
  useSaveMonitoringSettings,
} from '../lib/monitoring';
import {
  type MonitoringDraft,
  shown,
  THRESHOLD_FIELDS,
  useMonitoringDraft,
} from './use-monitoring-draft';

/** One number input per alert threshold, each saying whether it is custom and its default. */
function ThresholdFields({
  draft,
  settings,
}: {
  draft: MonitoringDraft;
  settings: MonitoringSettings;
}) {
  const { defaults, overrides } = settings.thresholds;
  const { values, setValues } = draft;
  return (
    <div className="grid cols-3">
      {THRESHOLD_FIELDS.map((f) => (
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
            {f.key in overrides ? 'custom · ' : ''}default {shown(f, defaults[f.key])}
          </span>
        </label>
      ))}
    </div>
  );
}

/** A required number input holding the text as typed (the draft parses it on save). */
function TypedNumber({
  label,
  min,
  step,
  value,
  onChange,
}: {
  label: string;
  min: number;
  step: string;
  value: string;
  onChange: (text: string) => void;
}) {
  return (
    <label className="field">
      {label}
      <input
        type="number"
        min={min}
        step={step}
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

/** Auto-refine: on or off, the contradictions that trigger it, the cooldown and its last run. */
function AutoRefineFields({
  draft,
  settings,
}: {
  draft: MonitoringDraft;
  settings: MonitoringSettings;
}) {
  const cooldown = settings.autoRefine.cooldown;
  return (
    <>
      <label className="row" style={{ gap: 8 }}>
        <input
          type="checkbox"
          checked={draft.enabled}
          onChange={(e) => draft.setEnabled(e.target.checked)}
        />
        Refine automatically when contradictions pile up
      </label>
      <div className="grid cols-3">
        <TypedNumber
          label="Contradictions per day that trigger it"
          min={1}
          step="1"
          value={draft.trigger}
          onChange={draft.setTrigger}
        />
        <TypedNumber
          label="Cooldown between refinements (hours)"
          min={0}
          step="0.5"
          value={draft.cooldownHours}
          onChange={draft.setCooldownHours}
        />
      </div>
      <p className="muted">
        Auto-refine only proposes a new candidate version; a person compares and activates it. The
        cooldown doubles after each failed refinement (at most 7 days).
        {cooldown?.lastTriggeredAt
          ? ` Last triggered ${formatDateTime(cooldown.lastTriggeredAt)} (${cooldown.lastOutcome ?? 'pending'}); next allowed ${formatDateTime(cooldown.nextAllowedAt)}.`
          : ''}
      </p>
    </>
  );
}

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
  const draft = useMonitoringDraft(settings, save);
  return (
    <form className="stack" onSubmit={draft.submit} aria-label="Monitoring settings">
      <fieldset
        disabled={!canWrite || save.isPending}
        className="stack"
        style={{ border: 0, padding: 0, margin: 0 }}
      >
        <legend className="section-title">Alert thresholds</legend>
        <ThresholdFields draft={draft} settings={settings} />
        <legend className="section-title">Auto-refine</legend>
        <AutoRefineFields draft={draft} settings={settings} />
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
