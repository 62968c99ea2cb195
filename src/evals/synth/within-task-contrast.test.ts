import { describe, expect, it } from 'vitest';
import { contrastOf, mixedTasks } from './within-task-contrast';

// two tasks of four runs: task 0 holds both labels (runs 0 and 1 pass), task 1 only passes
const labels = [true, true, false, false, true, true, true, true];
const groupOf = [0, 0, 0, 0, 1, 1, 1, 1];
const rows = labels.map((_, i) => i);
const bitsOf = (on: number[]) => Uint8Array.from(labels, (_, i) => (on.includes(i) ? 1 : 0));

describe('within-task contrast', () => {
  it('counts only the tasks holding both labels, as pairs of a passing and a failing run', () => {
    const mixed = mixedTasks(rows, labels, groupOf, 2);
    expect(mixed.pairs).toBe(4);
    expect([...mixed.pass]).toEqual([2, 0]);
    expect([...mixed.fail]).toEqual([2, 0]);
    expect(mixed.mixedRows).toEqual([0, 1, 2, 3]);
    // rows left out of a step are not counted
    expect(mixedTasks([0, 2, 4], labels, groupOf, 2).pairs).toBe(1);
  });

  it('is positive for a fact that goes with passing, 0 when constant, negative when reversed', () => {
    const mixed = mixedTasks(rows, labels, groupOf, 2);
    expect(contrastOf(bitsOf([0, 1]), labels, mixed)).toBe(4);
    expect(contrastOf(bitsOf([0]), labels, mixed)).toBe(2);
    expect(contrastOf(bitsOf([0, 1, 2, 3]), labels, mixed)).toBe(0);
    expect(contrastOf(bitsOf([4, 5, 6, 7]), labels, mixed)).toBe(0);
    expect(contrastOf(bitsOf([2, 3]), labels, mixed)).toBe(-4);
  });
});
