import { type FormEvent, useState } from 'react';
import type {
  MonitoringSettings,
  MonitoringUpdate,
  Thresholds,
  useSaveMonitoringSettings,
} from '../lib/monitoring';

export type ThresholdField = {
  key: keyof Thresholds;
  label: string;
  percent?: boolean;
  step: string;
  help: string;
};

export const THRESHOLD_FIELDS: ThresholdField[] = [
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

/** A threshold as the form shows it: points for a rate, the number otherwise. */
export const shown = (f: ThresholdField, v: number) =>
  String(f.percent ? Math.round(v * 1000) / 10 : v);
const parsed = (f: ThresholdField, s: string) => (f.percent ? Number(s) / 100 : Number(s));

type Save = ReturnType<typeof useSaveMonitoringSettings>;

/**
 * The monitoring form's values as typed, and the save: only thresholds that changed are sent, and
 * one set back to its default drops its override (null).
 */
export function useMonitoringDraft(settings: MonitoringSettings, save: Save) {
  const { defaults, effective, overrides } = settings.thresholds;
  const [values, setValues] = useState(() =>
    Object.fromEntries(THRESHOLD_FIELDS.map((f) => [f.key, shown(f, effective[f.key])])),
  );
  const [enabled, setEnabled] = useState(settings.autoRefine.enabled);
  const [trigger, setTrigger] = useState(String(settings.autoRefine.contradictionTrigger));
  const [cooldownHours, setCooldownHours] = useState(String(settings.autoRefine.cooldownHours));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const thresholds: NonNullable<MonitoringUpdate['thresholds']> = {};
    for (const f of THRESHOLD_FIELDS) {
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
  return {
    values,
    setValues,
    enabled,
    setEnabled,
    trigger,
    setTrigger,
    cooldownHours,
    setCooldownHours,
    submit,
  };
}

export type MonitoringDraft = ReturnType<typeof useMonitoringDraft>;
