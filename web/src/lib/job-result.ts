import type { Job } from './types';

type EvalJobResult = {
  evalId?: string | null;
  version?: number | null;
  contradictions?: number;
  labelled?: number;
  total?: number;
  passed?: number;
  failed?: number;
  errors?: number;
  abstention?: { message: string } | null;
  /** An eval that asks a model: what this run spent on it. */
  model?: { model: string; calls: number; cacheHits: number; costUsd: number } | null;
};

/** A cost in USD: cents from one cent up, else up to 4 significant digits. */
export function formatUsd(usd: number): string {
  return usd === 0 || usd >= 0.01 ? `$${usd.toFixed(2)}` : `$${usd.toPrecision(2)}`;
}

/** What an eval run's model calls were: calls made, answers from the cache and their cost. */
export function describeModelUsage(m: NonNullable<EvalJobResult['model']>): string {
  const calls = `${m.calls} model call${m.calls === 1 ? '' : 's'}`;
  return `Asked ${m.model}: ${calls}, ${m.cacheHits} answered from the cache, ${formatUsd(m.costUsd)}.`;
}

/** What a finished eval job did, in words (null for other jobs or unfinished ones). */
export function describeResult(job: Pick<Job, 'status' | 'type' | 'result'>): string | null {
  if (job.status !== 'succeeded' || !job.result || typeof job.result !== 'object') {
    return null;
  }
  const r = job.result as EvalJobResult;
  if (job.type === 'eval.execute' && typeof r.total === 'number') {
    const ran = `Ran on ${r.total} traces: ${r.passed ?? 0} pass, ${r.failed ?? 0} fail, ${r.errors ?? 0} errors.`;
    return r.model ? `${ran} ${describeModelUsage(r.model)}` : ran;
  }
  if (job.type === 'eval.refine') {
    return r.evalId
      ? `From ${r.contradictions ?? 0} contradictions: a better version v${r.version ?? '?'} was created (not active yet).`
      : `From ${r.contradictions ?? 0} contradictions: no candidate beat the current version on held-out traces, so nothing changed.`;
  }
  if (job.type === 'eval.generate') {
    return r.evalId
      ? `Generated from ${r.labelled ?? 0} labels: a new version was created.`
      : r.abstention
        ? `No version from ${r.labelled ?? 0} labels: ${r.abstention.message}`
        : 'No new version: the current one stays.';
  }
  return null;
}
