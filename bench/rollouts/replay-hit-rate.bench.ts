/**
 * Replay hit rate on the 200 tau-bench airline traces, leave one trial out (issue #20): each
 * trace's tool calls looked up in the replay index of the other 199 (its task's 3 other trials as
 * the cluster), against the design's measured 88% of reads / 49% of writes / 66% overall, and
 * against exact matching of the arguments as recorded (what normalisation adds). The design's
 * figures count hits in the same task's other trials (reads: 90% from any trace), so they are
 * compared with the cluster hits; hits from any trace are shown beside them.
 */
import { createSystemCtx } from '@/core/system-ctx';
import { tauBenchFile } from '@/optimize/testing/shared-data';
import { loadTauBenchCalls } from '@/tools/replay/testing/load-tau-bench-calls';
import {
  exactHitRates,
  replayHitRates,
  tauBenchGroup,
} from '@/tools/replay/testing/replay-hit-rates';
import { insertWorkspace, openBenchDeps, scratchDir } from '../lib/bench-deps';
import { spread } from '../lib/measure';
import { startBench } from '../lib/report';

// wave2.md §5.2: hits in the same task's other trials; reads also 90% from any trace
const DESIGN = { read: 0.88, write: 0.49, pure: 0.12, overall: 0.66, readAnyTrace: 0.9 };
const bench = startBench(
  'rollouts-replay',
  'Rollouts: replay hit rate on tau-bench, leave one trial out',
);

if (!tauBenchFile) {
  bench.skip('tau-bench data not found (../shared/data/tau-bench)');
} else {
  const scratch = scratchDir('replay');
  const deps = openBenchDeps(scratch.file('replay.db'));
  try {
    const workspaceId = await insertWorkspace(deps);
    const ctx = createSystemCtx(deps, workspaceId, 'bench');
    const loaded = await loadTauBenchCalls(ctx, tauBenchFile);
    const rates = replayHitRates(loaded.traces, tauBenchGroup);
    const exact = exactHitRates(loaded.raw, tauBenchGroup);
    for (const group of ['read', 'write', 'pure', 'overall'] as const) {
      const { calls, hits, clusterHits } = rates[group];
      const pct = (n: number) => (100 * n) / calls;
      bench.figure({
        name: `${group}: hits in the same task's other trials (design ${Math.round(DESIGN[group] * 100)}%)`,
        unit: '%',
        value: spread([pct(clusterHits)]),
        ratio: { of: 'design', value: spread([clusterHits / calls / DESIGN[group]]) },
        note: `${clusterHits} of ${calls} calls, normalised arguments`,
      });
      bench.figure({
        name: `${group}: hits in any trace${group === 'read' ? ` (design ${DESIGN.readAnyTrace * 100}%)` : ''}`,
        unit: '%',
        value: spread([pct(hits)]),
        ...(group === 'read'
          ? { ratio: { of: 'design', value: spread([hits / calls / DESIGN.readAnyTrace]) } }
          : {}),
        note: `${hits} of ${calls} calls, normalised arguments`,
      });
      bench.figure({
        name: `${group}: arguments strings exactly as written (no normalisation), any trace`,
        unit: '%',
        value: spread([pct(exact[group].hits)]),
        note: `${exact[group].hits} of ${exact[group].calls}; ${exact[group].clusterHits} in the same task's other trials`,
      });
    }
    bench.note(
      "Deterministic: one run (no spread). Cluster = the held-out task's other trials, from the task id in the trace name (task extraction's clusters are not used here).",
    );
    bench.note(
      'Reads: get_/search_/list_ tools; pure: think, calculate; writes: the rest (book, cancel, update_*, send_certificate, transfer_to_human_agents).',
    );
  } finally {
    deps.close();
    scratch.remove();
  }
}
bench.done();
