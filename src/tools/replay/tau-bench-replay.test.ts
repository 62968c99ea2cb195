import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import { createTestWorkspace } from '@/db/testing';
import { createTestDeps } from '@/hosts/test-deps';
import { tauBenchFile } from '@/optimize/testing/shared-data';
import { inferAgentTools } from '../infer/infer-agent-tools';
import { loadTauBenchCalls } from './testing/load-tau-bench-calls';
import { exactHitRates, replayHitRates, tauBenchGroup } from './testing/replay-hit-rates';

// The design's leave-one-trial-out measurement on these 200 traces (wave2.md §5.2): hits in the
// same task's other trials, in whole percent.
const DESIGN = { read: 0.88, write: 0.49, overall: 0.66 };

let deps: ReturnType<typeof createTestDeps>;
let ctx: Ctx;
let loaded: Awaited<ReturnType<typeof loadTauBenchCalls>>;
beforeAll(async () => {
  deps = createTestDeps();
  const ws = await createTestWorkspace(deps);
  ctx = createSystemCtx(deps, ws.id, 'test');
  if (tauBenchFile) {
    loaded = await loadTauBenchCalls(ctx, tauBenchFile);
  }
});
afterAll(() => deps.close());

describe.skipIf(!tauBenchFile)('replay on tau-bench (shared data)', () => {
  it('replays at least the design hit rates leave-one-trial-out: reads, writes, overall', () => {
    expect(loaded.agents).toBe(1);
    const rates = replayHitRates(loaded.traces, tauBenchGroup);
    const exact = exactHitRates(loaded.raw, tauBenchGroup);
    expect(rates.overall.calls).toBe(1164);
    expect(exact.overall.calls).toBe(1164);
    for (const group of ['read', 'write', 'overall'] as const) {
      const { hits, calls } = rates[group];
      expect(hits / calls).toBeGreaterThanOrEqual(DESIGN[group]);
      // the design's own scope and precision: the same task's other trials, whole percent
      const inCluster = Math.round((100 * rates[group].clusterHits) / calls);
      expect(inCluster).toBeGreaterThanOrEqual(Math.round(100 * DESIGN[group]));
      expect(hits).toBeGreaterThanOrEqual(exact[group].hits);
    }
    // normalisation matters on this data: the arguments strings differ in spacing and key order
    expect(rates.overall.hits).toBeGreaterThan(exact.overall.hits);
  });

  it('infers one draft tool per tool name, each schema valid, bound for replay', async () => {
    const result = await inferAgentTools(ctx, loaded.agentId);
    expect(result.refused).toEqual([]);
    const byName = Object.fromEntries(result.registered.map((t) => [t.name, t]));
    expect(Object.keys(byName)).toHaveLength(14);
    expect(byName.get_user_details?.inputSchema).toEqual({
      type: 'object',
      properties: { user_id: { type: 'string' } },
      required: ['user_id'],
    });
    const book = byName.book_reservation?.inputSchema as { required: string[] };
    expect(book.required).toEqual(expect.arrayContaining(['user_id', 'flights', 'passengers']));
  });
});
