import { describe, expect, it } from 'vitest';
import { labelsToAdd } from '@/evals/generation/labels-to-add';
import { labelsNeeded } from './labels-needed';
import type { Agent } from './types';

const agent = (positive: number, negative: number, neutral: number) =>
  ({ labels: { positive, negative, neutral } }) as Agent;

describe('labelsToAdd', () => {
  it('asks for the missing kind first and leaves neutral labels out of the eight', () => {
    expect(labelsToAdd(2, 6)).toBeNull();
    expect(labelsToAdd(1, 39)).toBe('1 more good');
    expect(labelsToAdd(2, 2)).toBe('4 more of either');
    expect(labelsToAdd(0, 0)).toBe('2 more good and 2 more bad and 4 more of either');
  });

  it('says enough only when the server would start a generation', () => {
    expect(labelsNeeded(agent(3, 5, 0))).toMatch(/That is enough/);
    expect(labelsNeeded(agent(3, 4, 1))).toBe(
      'This agent has 8 labelled traces (3 good, 4 bad, 1 neutral). Generation needs at least 8 good or bad (neutral ones do not count), 2 of each: label 1 more of either, then generate.',
    );
  });
});
