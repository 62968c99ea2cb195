import { describe, expect, it } from 'vitest';
import { runToEnd } from './gepa-adapter';
import { initState } from './init-state';
import { GOLDEN_CONFIG, GOLDEN_TASKS, keywordAdapter } from './testing/keyword-world';

const tasks = GOLDEN_TASKS;
const config = { ...GOLDEN_CONFIG, budgetRollouts: 40 };
const noAlpha = {
  tools: [],
  practices: [
    { id: 'bp_1', title: 'No alpha', lint: { kind: 'forbid' as const, words: ['alpha'] } },
  ],
};
const says = (text: string | undefined, word: string) => (text ?? '').includes(word);

describe("GEPA with the workspace's rules (lint in the run's config)", () => {
  it('rejects every proposal a forbid rule finds in before any rollout; without the rule one wins', async () => {
    const free = await runToEnd(initState(config, { system: 'Be brief.' }), keywordAdapter(tasks));
    expect(
      free.iterations.some((it) => says(it.proposal?.system, 'alpha') && it.outcome === 'accepted'),
    ).toBe(true);
    const linted = await runToEnd(
      initState({ ...config, lint: noAlpha }, { system: 'Be brief.' }),
      keywordAdapter(tasks),
    );
    const alpha = linted.iterations.filter((it) => says(it.proposal?.system, 'alpha'));
    expect(alpha.length).toBeGreaterThan(0);
    for (const it of alpha) {
      expect(it.outcome).toBe('guard-rejected');
      expect(it.guards?.lints.message).toContain('forbid: "alpha" (No alpha)');
    }
    expect(linted.candidates.every((c) => !says(c.components.system, 'alpha'))).toBe(true);
  });
});
