import { describe, expect, it } from 'vitest';
import { runToEnd } from './gepa-adapter';
import { DEFAULT_CONFIG, initState } from './init-state';
import { keywordAdapter } from './testing/keyword-world';

const tasks = [
  { id: 't1', text: 'Greet the guest.', want: ['alpha'] },
  { id: 't2', text: 'Answer the bill question.', want: ['beta'] },
  { id: 't3', text: 'Book a table.', want: ['alpha', 'gamma'] },
  { id: 'v1', text: 'Say hello.', want: ['alpha'] },
  { id: 'v2', text: 'Explain the bill.', want: ['beta'] },
];
const config = {
  ...DEFAULT_CONFIG,
  trainIds: ['t1', 't2', 't3'],
  valIds: ['v1', 'v2'],
  minibatchSize: 2,
  seed: 7,
  budgetRollouts: 40,
};
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
