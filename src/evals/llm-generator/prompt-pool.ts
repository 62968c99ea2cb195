import { synthesiseEval } from '../synth/synthesise-eval';
import type { LabelledTrace } from './select-prompt-traces';

/**
 * The traces a model may see: at most half of each label (traces with notes first), so the
 * rest keeps both kinds in their proportion for judging the model's code on held-out traces.
 */
export function promptPool(traces: LabelledTrace[]): LabelledTrace[] {
  const half = (label: LabelledTrace['label']) => {
    const of = traces.filter((t) => t.label === label);
    const noted = of.filter((t) => t.note?.trim());
    const plain = of.filter((t) => !t.note?.trim());
    return [...noted, ...plain].slice(0, Math.floor(of.length / 2));
  };
  return [...half('negative'), ...half('positive')];
}

/** The synthesiser's rules on the pool, as hints for the model (none when it finds no rule). */
export function synthHints(pool: LabelledTrace[]): string[] {
  const positives = pool.filter((t) => t.label === 'positive').length;
  if (positives < 2 || pool.length - positives < 2) {
    return [];
  }
  const result = synthesiseEval(
    pool.map((t) => ({ view: t.view, label: t.label === 'positive' })),
    { name: 'hint' },
  );
  return result.list.rules.length > 0 ? result.rules : [];
}

/** The model's summary before its code, one line per sentence: its rules in plain words. */
export function rulesFromRationale(rationale: string): string[] {
  return rationale
    .split(/(?<=[.!?])\s+|\n+/)
    .map((line) => line.replace(/^[-*\d.)\s]+/, '').trim())
    .filter((line) => line.length > 0)
    .slice(0, 10)
    .map((line) => (line.length > 300 ? `${line.slice(0, 297)}...` : line));
}
