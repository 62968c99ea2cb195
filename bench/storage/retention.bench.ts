/**
 * The scheduled retention run with nothing left to do (issue #24): it runs every cron (10 minutes
 * on the Worker, hourly on Node), and the traces it keeps (labelled, a task's source, an eval
 * generation's training set) stay older than the cutoff forever, so each run reads them again.
 * 20,000 traces older than the cutoff (100,000 with `--scale`; three in four labelled), each with
 * one candidate execution of an earlier eval generation; retention { traceDays, spanPayloadDays }.
 * Figure: ms per run (the first run included: it deletes and trims nothing either).
 */
import { eq } from 'drizzle-orm';
import { agents, evalCandidateExecutions, evalCandidates, workspaces } from '@/db/schema';
import { seedTraces } from '@/traces/query/seed-traces';
import { applyRetention } from '@/traces/retention/apply-retention';
import { insertWorkspace, openBenchDeps, scratchDir } from '../lib/bench-deps';
import { repeat, spread, timeMs } from '../lib/measure';
import { startBench } from '../lib/report';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const bench = startBench('storage-retention', 'Storage: a scheduled retention run');
const TRACES = bench.scale ? 100_000 : 20_000;
const scratch = scratchDir('storage-retention');
const deps = openBenchDeps(scratch.file('retention.db'));
const WORKSPACE = 'ws_bench';
await insertWorkspace(deps, WORKSPACE);
const ids = await seedTraces(deps.db, {
  workspaceId: WORKSPACE,
  count: TRACES,
  start: new Date('2025-01-01T00:00:00Z'),
});
await deps.db.insert(agents).values({ id: 'agt_bench', workspaceId: WORKSPACE, name: 'bench' });
await deps.db.insert(evalCandidates).values({
  id: 'cand_bench',
  workspaceId: WORKSPACE,
  agentId: 'agt_bench',
  generationId: 'gen_bench',
  generator: 'synthesiser',
  code: 'pass',
  codeHash: 'hash_cand_bench',
});
const executions = ids.map((traceId, i) => ({
  id: `cex_${i}`,
  workspaceId: WORKSPACE,
  candidateId: 'cand_bench',
  traceId,
  status: 'pass' as const,
}));
for (let i = 0; i < executions.length; i += 500) {
  await deps.db.insert(evalCandidateExecutions).values(executions.slice(i, i + 500));
}
await deps.db
  .update(workspaces)
  .set({ settings: { retention: { traceDays: 30, spanPayloadDays: 30 } } })
  .where(eq(workspaces.id, WORKSPACE));

let changed = 0;
const runs = await repeat(ROUNDS, () =>
  timeMs(async () => {
    for (const r of await applyRetention(deps)) {
      changed += r.tracesDeleted + r.tracesTrimmed;
    }
  }),
);
bench.figure({ name: 'retention run, nothing to do', unit: 'ms', value: spread(runs) });
bench.note(
  `${TRACES.toLocaleString('en')} old traces, ${executions.length.toLocaleString('en')} candidate executions; traces deleted or trimmed over all runs: ${changed}.`,
);
deps.close();
scratch.remove();
bench.done();
