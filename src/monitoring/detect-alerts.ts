import type { AlertThresholds } from './alert-thresholds';

export type Counts = {
  executions: number;
  passes: number;
  fails: number;
  errors: number;
  labelled: number;
  agreed: number;
};

export type AlertCandidate = {
  kind: 'agreement_drop' | 'error_rate_rise' | 'pass_rate_shift' | 'new_prompt_version';
  severity: 'info' | 'warning' | 'critical';
  message: string;
  details: Record<string, unknown>;
};

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const pts = (x: number) => `${(x * 100).toFixed(0)} pts`;

/** Two-proportion z statistic with a pooled proportion; 0 when undefined. */
function twoProportionZ(x1: number, n1: number, x2: number, n2: number): number {
  if (n1 === 0 || n2 === 0) {
    return 0;
  }
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return se === 0 ? 0 : (x2 / n2 - x1 / n1) / se;
}

type RateChange = { before: number; now: number; change: number };

/**
 * An alert when a rate (`hits / of`, over the baseline and today, both with at least `min` of
 * `of`) changed by `threshold` or more as `change` measures it; twice the threshold is critical.
 */
function rateAlert(
  counts: { today: Counts; baseline: Counts },
  rate: { hits: keyof Counts; of: keyof Counts; min: number; threshold: number },
  change: (before: number, now: number) => number,
  describe: (moved: RateChange) => Omit<AlertCandidate, 'severity'>,
): AlertCandidate | null {
  const { today, baseline } = counts;
  const { hits, of, min, threshold } = rate;
  if (today[of] < min || baseline[of] < min) {
    return null;
  }
  const before = baseline[hits] / baseline[of];
  const now = today[hits] / today[of];
  const moved = change(before, now);
  if (moved < threshold - 1e-12) {
    return null;
  }
  const { kind, message, details } = describe({ before, now, change: moved });
  return { kind, severity: moved >= 2 * threshold ? 'critical' : 'warning', message, details };
}

/**
 * Compares one day with its baseline (the sum of the preceding days) and returns the alerts it
 * warrants, each with a one-line explanation. Pure: no I/O.
 */
export function detectAlerts(input: {
  day: string;
  today: Counts & { prompts: Record<string, number> };
  baseline: Counts & { prompts: string[] };
  thresholds: AlertThresholds;
}): AlertCandidate[] {
  const { day, today, baseline, thresholds: t } = input;
  const out: AlertCandidate[] = [];

  const agreementDrop = rateAlert(
    input,
    { hits: 'agreed', of: 'labelled', min: t.minLabelled, threshold: t.agreementDrop },
    (before, now) => before - now,
    ({ before, now, change: drop }) => ({
      kind: 'agreement_drop',
      message: `Agreement with human labels fell from ${pct(before)} to ${pct(now)} (-${pts(drop)}, threshold ${pts(t.agreementDrop)}) on ${day} over ${today.labelled} labelled traces.`,
      details: { day, before, now, drop, labelled: today.labelled, threshold: t.agreementDrop },
    }),
  );
  const errorRateRise = rateAlert(
    input,
    { hits: 'errors', of: 'executions', min: t.minExecutions, threshold: t.errorRateRise },
    (before, now) => now - before,
    ({ before, now, change: rise }) => ({
      kind: 'error_rate_rise',
      message: `Error rate rose from ${pct(before)} to ${pct(now)} (+${pts(rise)}, threshold ${pts(t.errorRateRise)}) on ${day} over ${today.executions} executions.`,
      details: { day, before, now, rise, executions: today.executions, threshold: t.errorRateRise },
    }),
  );
  for (const alert of [agreementDrop, errorRateRise]) {
    if (alert) {
      out.push(alert);
    }
  }

  const n1 = baseline.passes + baseline.fails;
  const n2 = today.passes + today.fails;
  if (n1 >= t.minExecutions && n2 >= t.minExecutions) {
    const z = twoProportionZ(baseline.passes, n1, today.passes, n2);
    if (Math.abs(z) >= t.passRateZ) {
      out.push({
        kind: 'pass_rate_shift',
        severity: 'warning',
        message: `Pass rate moved from ${pct(baseline.passes / n1)} to ${pct(today.passes / n2)} on ${day} (z = ${z.toFixed(1)}, beyond ±${t.passRateZ}).`,
        details: {
          day,
          before: baseline.passes / n1,
          now: today.passes / n2,
          z,
          n1,
          n2,
          threshold: t.passRateZ,
        },
      });
    }
  }

  if (baseline.executions > 0) {
    const known = new Set(baseline.prompts);
    const fresh = Object.entries(today.prompts).filter(
      ([id]) => id !== 'unknown' && !known.has(id),
    );
    if (fresh.length > 0) {
      const count = fresh.reduce((sum, [, n]) => sum + n, 0);
      out.push({
        kind: 'new_prompt_version',
        severity: 'info',
        message: `New system prompt version${fresh.length > 1 ? 's' : ''} ${fresh.map(([id]) => id).join(', ')} appeared on ${day} (${count} of ${today.executions} executions).`,
        details: { day, promptIds: fresh.map(([id]) => id), executions: count },
      });
    }
  }
  return out;
}
