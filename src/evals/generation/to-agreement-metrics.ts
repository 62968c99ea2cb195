import type { AgreementMetrics } from '@/db/schema';
import type { Agreement } from '../metrics/compute-agreement';

/** The stored form of an agreement: point estimates, counts and 95% intervals. */
export function toAgreementMetrics(agreement: Agreement): AgreementMetrics {
  const intervals: Record<string, [number, number]> = {};
  for (const name of ['accuracy', 'precision', 'recall', 'f1', 'kappa'] as const) {
    const estimate = agreement[name];
    if (estimate) {
      intervals[name] = [estimate.low, estimate.high];
    }
  }
  return {
    accuracy: agreement.accuracy?.value ?? null,
    precision: agreement.precision?.value ?? null,
    recall: agreement.recall?.value ?? null,
    f1: agreement.f1?.value ?? null,
    kappa: agreement.kappa?.value ?? null,
    counts: agreement.counts,
    intervals,
  };
}
