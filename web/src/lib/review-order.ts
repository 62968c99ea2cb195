export type Verdict = 'pass' | 'fail';

/**
 * The review order once an eval exists: likely-good and likely-bad traces alternate (by the
 * eval's verdicts), so a reviewer sees both kinds early; traces without a verdict come last.
 * Within each kind the original order (newest first) is kept.
 */
export function alternateByVerdict(ids: string[], verdicts: ReadonlyMap<string, Verdict>) {
  const good: string[] = [];
  const bad: string[] = [];
  const rest: string[] = [];
  for (const id of ids) {
    const v = verdicts.get(id);
    (v === 'pass' ? good : v === 'fail' ? bad : rest).push(id);
  }
  const out: string[] = [];
  for (let i = 0; i < Math.max(good.length, bad.length); i++) {
    if (i < good.length) {
      out.push(good[i] as string);
    }
    if (i < bad.length) {
      out.push(bad[i] as string);
    }
  }
  return [...out, ...rest];
}
