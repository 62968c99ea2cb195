import { describe, expect, it } from 'vitest';
import type { Candidate, GepaConfig, GepaState } from './engine-types';
import { runStage, runToEnd } from './gepa-adapter';
import { DEFAULT_CONFIG, initState, minimumBudget } from './init-state';
import { Rng } from './rng';
import { step } from './step';
import { keywordAdapter } from './testing/keyword-world';
import { randomKeywordWorld } from './testing/random-world';

function randomRun(trial: number) {
  const r = Rng.fromSeed(1000 + trial);
  const world = randomKeywordWorld(trial, { train: 3 + r.int(8), val: 2 + r.int(8), test: 0 });
  const b = 1 + r.int(3);
  const k = 1 + r.int(2);
  const twoComponents = r.next() < 0.5;
  const config: GepaConfig = {
    ...DEFAULT_CONFIG,
    trainIds: world.trainIds,
    valIds: world.valIds,
    minibatchSize: b,
    rolloutsPerTask: k,
    seed: trial,
    budgetRollouts: r.int(minimumBudget(world.valIds.length, b, k) * 4),
    mergeOverlapFloor: 2,
  };
  const seed: Candidate = twoComponents
    ? { system: 'Be brief.', tools: 'Use tools.' }
    : { system: 'Be brief.' };
  return { world, config, seed };
}

/** Trials whose run accepted a merge (filled by the first test, used by the crash test). */
const merged = new Set<number>();

describe('GEPA engine properties (60 random keyword worlds)', () => {
  it('never passes the budget, counts every rollout, keeps fronts to max holders only', async () => {
    let merges = 0;
    for (let trial = 0; trial < 60; trial++) {
      const { world, config, seed } = randomRun(trial);
      const adapter = keywordAdapter(world.tasks);
      const end = await runToEnd(initState(config, seed), adapter, (s) => {
        expect(s.rolloutsUsed).toBeLessThanOrEqual(config.budgetRollouts);
      });
      expect(end.stage.kind).toBe('done');
      expect(end.rolloutsUsed).toBe(adapter.evaluations * config.rolloutsPerTask);
      for (const id of end.candidates.length ? config.valIds : []) {
        const scores = end.candidates.map((c) => c.valScores[id] ?? Number.NEGATIVE_INFINITY);
        const best = Math.max(...scores);
        expect(end.fronts[id]).toEqual({
          best,
          members: scores.flatMap((x, c) => (x === best ? [c] : [])),
        });
      }
      const mergeIterations = end.iterations.filter((it) => it.kind === 'merge');
      if (Object.keys(seed).length < 2) {
        expect(mergeIterations).toEqual([]);
      }
      merges += mergeIterations.length;
      if (mergeIterations.some((it) => it.outcome === 'merge-accepted')) {
        merged.add(trial);
      }
    }
    expect(merges).toBeGreaterThan(0);
  });

  it('a crash at any stage then resume from the saved JSON equals the uninterrupted run byte for byte', async () => {
    const kinds = new Set<string>();
    const withMerge = Array.from({ length: 60 }, (_, t) => t).find((t) => merged.has(t)) as number;
    for (const trial of [1, 4, 7, withMerge]) {
      const run = randomRun(trial);
      const { world, seed } = run;
      const config = trial === withMerge ? run.config : { ...run.config, budgetRollouts: 60 };
      const saved: string[] = [JSON.stringify(initState(config, seed))];
      const clean = await runToEnd(initState(config, seed), keywordAdapter(world.tasks), (s) => {
        saved.push(JSON.stringify(s));
      });
      const want = JSON.stringify(clean);
      expect(saved.length).toBeGreaterThan(2);
      for (let n = 0; n < saved.length - 1; n++) {
        // the stage after checkpoint n crashes half way: nothing is saved, the process dies
        const crashing = keywordAdapter(world.tasks);
        const state = JSON.parse(saved[n] as string) as GepaState;
        kinds.add(state.stage.kind);
        const kill = async (): Promise<never> => {
          throw new Error('killed');
        };
        crashing.evaluate = kill;
        crashing.reflect = kill;
        await expect(runStage(crashing, state).then((r) => step(state, r))).rejects.toThrow(
          'killed',
        );
        const resumed = await runToEnd(
          JSON.parse(saved[n] as string) as GepaState,
          keywordAdapter(world.tasks),
          (s) => {
            JSON.stringify(s);
          },
        );
        expect(JSON.stringify(resumed)).toBe(want);
      }
    }
    expect([...kinds].sort()).toEqual([
      'child-mb',
      'child-val',
      'merge-sub',
      'merge-val',
      'parent-mb',
      'reflect',
      'seed-val',
    ]);
  });
});

describe('GEPA engine outcomes', () => {
  const base = { ...DEFAULT_CONFIG, minibatchSize: 2, budgetRollouts: 100, maxIterations: 1 };

  it('rejects a child whose minibatch sum only ties the parent (strict acceptance)', async () => {
    const tasks = [
      { id: 'a', text: 'one', want: ['alpha'] },
      { id: 'b', text: 'two', want: [], avoid: ['alpha'] },
      { id: 'v', text: 'three', want: ['beta'] },
    ];
    const cfg = { ...base, trainIds: ['a', 'b'], valIds: ['v'] };
    const end = await runToEnd(initState(cfg, { system: 'Hi.' }), keywordAdapter(tasks));
    expect(end.iterations[0]).toMatchObject({
      outcome: 'rejected',
      parentScores: expect.any(Array),
    });
    const it0 = end.iterations[0];
    expect((it0?.parentScores ?? []).reduce((s, x) => s + x, 0)).toBe(1);
    expect((it0?.childScores ?? []).reduce((s, x) => s + x, 0)).toBe(1);
    expect(end.candidates).toHaveLength(1);
  });

  it('records a guard rejection that spent only the parent minibatch', async () => {
    const tasks = [
      { id: 'a', text: 'Booking ZX1234 please', want: ['zx1234'] },
      { id: 'b', text: 'Booking ZX1234 again', want: ['zx1234'] },
      { id: 'v', text: 'other', want: ['beta'] },
    ];
    const cfg = { ...base, trainIds: ['a', 'b'], valIds: ['v'] };
    const end = await runToEnd(initState(cfg, { system: 'Hi.' }), keywordAdapter(tasks));
    expect(end.iterations[0]).toMatchObject({
      outcome: 'guard-rejected',
      proposal: { system: 'Hi. zx1234' },
      guards: { copied: { ok: false, message: 'copied from the minibatch tasks: zx1234' } },
      rolloutsAfter: 1 + 2,
    });
  });

  it('records "no proposal" for an answer with no fenced block, at no rollout cost', async () => {
    const tasks = [
      { id: 'a', text: 'one', want: ['alpha'] },
      { id: 'b', text: 'two', want: ['alpha'] },
      { id: 'v', text: 'three', want: ['beta'] },
    ];
    const adapter = keywordAdapter(tasks);
    adapter.reflect = async () => ({
      kind: 'reflect',
      answer: 'Try harder.',
      usage: { inputTokens: 10, outputTokens: 3, usd: 0.001 },
    });
    const cfg = { ...base, trainIds: ['a', 'b'], valIds: ['v'] };
    const end = await runToEnd(initState(cfg, { system: 'Hi.' }), adapter);
    expect(end.iterations[0]).toMatchObject({ outcome: 'no-proposal', rolloutsAfter: 3 });
    expect(end.reflection).toEqual({ calls: 1, inputTokens: 10, outputTokens: 3, usd: 0.001 });
  });

  it('never starts when the seed validation alone passes the budget', () => {
    const cfg = {
      ...base,
      trainIds: ['a'],
      valIds: ['v', 'w'],
      rolloutsPerTask: 3,
      budgetRollouts: 5,
    };
    expect(initState(cfg, { system: 'x' }).stage).toEqual({ kind: 'done', reason: 'budget' });
    expect(minimumBudget(2, 3, 3)).toBe((2 + 18 + 2) * 3);
  });
});
