import { expect } from 'vitest';

/** Each of `yes` is judged true and each of `no` false; a failure names the input. */
export function expectJudged<T>(judge: (input: T) => boolean, yes: T[], no: T[]) {
  const named = (input: T) => (typeof input === 'string' ? input : JSON.stringify(input));
  for (const input of yes) {
    expect(judge(input), named(input)).toBe(true);
  }
  for (const input of no) {
    expect(judge(input), named(input)).toBe(false);
  }
}
