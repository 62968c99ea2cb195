import { describe, expect, it } from 'vitest';
import type { EvalView } from '@/core/eval-view';
import { createTestCtx } from '@/hosts/test-deps';
import { loadGenerationLabels } from '../generation/load-generation-labels';
import { makeView } from '../synth/testing/make-view';
import { CITIES, GREETINGS, OTHERS } from '../testing/near-identical-openings';
import { type SeedTrace, seedAgentTraces } from '../testing/seed-agent-traces';
import type { LabelledTrace } from './candidate';
import { crossValidate } from './cross-validate';
import { foldGroups } from './fold-groups';
import { groupTraces } from './group-traces';
import { synthCandidate } from './synth-candidate';

/**
 * 40 labelled runs as an outside tester had them: 35 open with one request that varies only in the
 * greeting and the city (each pair of neighbours near-identical, so they chain into one group) and
 * 5 ask something else. A run should pass unless the agent transferred to a human: a rule any
 * training set with both kinds of run learns. The 5 others all pass, so a fold that holds out the
 * 35 trains on passes alone.
 */
function dataset(idPrefix = ''): LabelledTrace[] {
  const out: LabelledTrace[] = [];
  const run = (ask: string, transfer: boolean, n: number) => {
    const view = makeView([
      { user: ask },
      { call: 'get_reservation', args: { id: `R${n}` } },
      ...(transfer ? [{ call: 'transfer_to_human' }] : []),
      { assistant: transfer ? 'A colleague will take over.' : 'Your booking is updated.' },
    ]);
    // the same content in every build: no task id, call ids without the build's counter
    const content = JSON.parse(
      JSON.stringify({ ...view, metadata: {} }).replace(/call_\d+_(\d+)/g, 'call_$1'),
    ) as EvalView;
    content.trace_id = `${idPrefix}${view.trace_id}`;
    out.push({ view: content, label: transfer ? 'negative' : 'positive' });
  };
  GREETINGS.forEach((greeting, g) => {
    CITIES.forEach((city, c) => {
      const n = g * CITIES.length + c;
      run(
        `${greeting}, I need to change my booking for the trip to ${city} please`,
        n % 2 === 0,
        n,
      );
    });
  });
  OTHERS.forEach((ask, i) => {
    run(ask, false, 100 + i);
  });
  return out;
}

const byContent = (labelled: LabelledTrace[], folds: string[][]) => {
  const first = new Map(labelled.map((t) => [t.view.trace_id, JSON.stringify(t.view.messages)]));
  return folds.map((ids) => ids.map((id) => first.get(id)).sort()).sort();
};

describe('folds of a labelled set where one near-identical opening holds most runs', () => {
  const labelled = dataset();

  it('is one group by first messages (the chain the fold split has to undo)', () => {
    const groups = groupTraces(labelled.map((t) => t.view));
    const largest = Math.max(
      ...[...new Set(groups)].map((g) => groups.filter((x) => x === g).length),
    );
    expect(largest).toBe(35);
  });

  it('starves no training set, and a separable rule is estimated near 100%', async () => {
    const seen: number[] = [];
    const synth = synthCandidate();
    const counting = {
      ...synth,
      train: (examples: Parameters<typeof synth.train>[0]) => {
        seen.push(examples.length);
        return synth.train(examples);
      },
    };
    for (const seed of [1, 2, 3]) {
      seen.length = 0;
      const report = await crossValidate([counting], labelled, {
        k: 5,
        seed,
        runCandidate: async () => {
          throw new Error('the JS twin judges every held-out run');
        },
      });
      // 5 folds of 40: each trains on 32 (a fold's share rounded up is 8)
      expect(seen).toHaveLength(5);
      expect(Math.min(...seen)).toBeGreaterThanOrEqual(32);
      const held = report.candidates[0]?.heldOut ?? [];
      expect(held).toHaveLength(40);
      const right = held.filter((v) => v.verdict === (v.label === 'positive')).length;
      expect(right / held.length).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('keeps runs with the same exact first message in one fold', async () => {
    const twice = [...labelled, ...dataset('again-').slice(0, 5)];
    const report = await crossValidate([synthCandidate()], twice, {
      k: 5,
      runCandidate: async () => [],
    });
    const foldOf = new Map(report.folds.flatMap((ids, f) => ids.map((id) => [id, f])));
    twice.slice(40).forEach((t, i) => {
      expect(foldOf.get(t.view.trace_id)).toBe(foldOf.get(twice[i]?.view.trace_id ?? ''));
    });
  });

  it('gives the same folds for the same labels and seed whatever ids the traces have', async () => {
    const other = dataset('db2-');
    const run = async (set: LabelledTrace[]) =>
      byContent(
        set,
        (
          await crossValidate([synthCandidate()], set, {
            k: 5,
            seed: 4,
            runCandidate: async () => [],
          })
        ).folds,
      );
    expect(await run(other)).toEqual(await run(labelled));
  });
});

describe('folds of the same labels in two databases', () => {
  it('are the same, traces stored in another order under other ids', async () => {
    // 21 chained openings, 14 runs of one exact opening (parted by their content), 5 others
    const specs: SeedTrace[] = [
      ...Array.from({ length: 14 }, (_, n) => ({
        label: n % 4 === 0 ? ('negative' as const) : ('positive' as const),
        toolNames: n % 4 === 0 ? ['get_reservation', 'transfer_to_human'] : ['get_reservation'],
        text: 'Hi, I need to change my booking please',
        reply: `Done (reference ${n}).`,
      })),
      ...GREETINGS.slice(0, 3).flatMap((greeting, g) =>
        CITIES.map((city, c) => ({
          label: (g + c) % 3 === 0 ? ('negative' as const) : ('positive' as const),
          toolNames:
            (g + c) % 3 === 0 ? ['get_reservation', 'transfer_to_human'] : ['get_reservation'],
          text: `${greeting}, I need to change my booking for the trip to ${city} please`,
        })),
      ),
      ...OTHERS.map((text) => ({
        label: 'positive' as const,
        toolNames: ['get_reservation'],
        text,
      })),
    ];
    const foldsIn = async (order: SeedTrace[]) => {
      const { deps, ctx } = await createTestCtx();
      try {
        const { agentId } = await seedAgentTraces(ctx, order);
        const labelled = await loadGenerationLabels(ctx, agentId);
        const report = await crossValidate(
          [synthCandidate()],
          labelled.map((t) => ({ view: t.view, label: t.label })),
          { k: 5, seed: 2, groups: foldGroups(labelled), runCandidate: async () => [] },
        );
        const text = new Map(
          labelled.map((t) => [t.view.trace_id, t.view.messages.map((m) => m.content).join('|')]),
        );
        const folds = report.folds.map((ids) => ids.map((id) => text.get(id) ?? id).sort()).sort();
        return { folds, ids: labelled.map((t) => t.id) };
      } finally {
        deps.close();
      }
    };
    const a = await foldsIn(specs);
    const b = await foldsIn([...specs].reverse());
    expect(a.ids.some((id) => b.ids.includes(id))).toBe(false);
    expect(Math.max(...a.folds.map((f) => f.length))).toBeLessThanOrEqual(8);
    expect(b.folds).toEqual(a.folds);
  });
});
