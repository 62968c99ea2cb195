import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { createTestWorkspace } from '@/db/testing';
import { createTestDeps } from '@/hosts/test-deps';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { CITIES, GREETINGS, OTHERS } from '../testing/near-identical-openings';
import { type SeedTrace, seedAgentTraces } from '../testing/seed-agent-traces';
import { generateEval } from './generate-eval';

const sandbox = createPyodideSandbox({ poolSize: 1 });
const deps = createTestDeps({ sandbox });
let ctx: Ctx;
beforeAll(async () => {
  const ws = await createTestWorkspace(deps);
  ctx = { ...deps, workspaceId: ws.id, actor: { type: 'system' }, requestId: 't' };
});
afterAll(async () => {
  await sandbox.close();
  deps.close();
});

describe('generating from labels where one near-identical opening holds most runs', () => {
  // An outside tester's shape: 35 of 40 openings differ in a greeting and a city (one fold group
  // by first messages), the other 5 all pass; a run fails when the agent handed off to a human.
  it('creates the version the labels separate, in every seed (the unsplit folds abstained)', async () => {
    const specs: SeedTrace[] = [
      ...GREETINGS.flatMap((greeting, g) =>
        CITIES.map((city, c) => {
          const bad = (g * CITIES.length + c) % 2 === 0;
          return {
            label: bad ? ('negative' as const) : ('positive' as const),
            toolNames: bad ? ['get_reservation', 'transfer_to_human'] : ['get_reservation'],
            text: `${greeting}, I need to change my booking for the trip to ${city} please`,
          };
        }),
      ),
      ...OTHERS.map((text) => ({
        label: 'positive' as const,
        toolNames: ['get_reservation'],
        text,
      })),
    ];
    const { agentId } = await seedAgentTraces(ctx, specs);
    for (const seed of [1, 2, 3]) {
      const result = await generateEval(ctx, { agentId, seed, name: `eval_handoff_${seed}` });
      expect(result.outcome).not.toBe('abstained');
      expect(result.created).not.toBeNull();
      const synth = result.candidates.find((c) => c.generator === 'synthesiser');
      expect(synth?.heldOutKappa ?? 0).toBeGreaterThanOrEqual(0.9);
    }
  }, 120_000);
});
