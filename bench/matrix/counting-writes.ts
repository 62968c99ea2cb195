/**
 * What the maintained verdict counts cost the writes that feed them: an eval run's executions
 * (upserts of 200 rows per batch, as `runEvalVersion` writes them) and label changes (one UPDATE
 * each, as labelling does), on a database with the counting triggers against the same database
 * with them dropped. The baseline is the same statements without the triggers.
 */
import { eq, sql } from 'drizzle-orm';
import { agents, evalExecutions, evals, traces } from '@/db/schema';
import { seedTraces } from '@/traces/query/seed-traces';
import { insertWorkspace, openBenchDeps, type scratchDir } from '../lib/bench-deps';
import { interleave, ratioSpread, spread } from '../lib/measure';
import type { Bench } from '../lib/report';

const TRACES = 10_000;
const LABEL_CHANGES = 1000;
const RATINGS = ['positive', 'negative', 'neutral'] as const;

async function seeded(file: string, triggers: boolean) {
  const deps = openBenchDeps(file);
  if (!triggers) {
    const names = deps.handle.sqlite
      .prepare("select name from sqlite_master where type = 'trigger'")
      .pluck()
      .all() as string[];
    for (const name of names) {
      deps.handle.sqlite.exec(`DROP TRIGGER "${name}"`);
    }
  }
  const workspaceId = await insertWorkspace(deps, 'ws_counting');
  await deps.db.insert(agents).values({ id: 'agt', workspaceId, name: 'agent' });
  const traceIds = await seedTraces(deps.db, { workspaceId, count: TRACES, agentIds: ['agt'] });
  return { deps, workspaceId, traceIds };
}

type Seeded = Awaited<ReturnType<typeof seeded>>;

async function writeVersion({ deps, workspaceId, traceIds }: Seeded, round: number) {
  const evalId = `ev_${round}`;
  await deps.db.insert(evals).values({
    id: evalId,
    workspaceId,
    agentId: 'agt',
    name: 'eval_x',
    version: round + 1,
    code: 'def eval_x(trace):\n    return True, ""\n',
    codeHash: evalId,
    generator: 'synthesiser',
  });
  const started = performance.now();
  for (let start = 0; start < traceIds.length; start += 200) {
    const rows = traceIds.slice(start, start + 200).map((traceId, i) => ({
      id: `ex_${evalId}_${start + i}`,
      workspaceId,
      evalId,
      traceId,
      status: (['pass', 'fail', 'error'] as const)[(start + i) % 3] ?? 'pass',
      executedAt: new Date(),
    }));
    const writes = [];
    for (let c = 0; c < rows.length; c += 50) {
      writes.push(
        deps.db
          .insert(evalExecutions)
          .values(rows.slice(c, c + 50))
          .onConflictDoUpdate({
            target: [evalExecutions.evalId, evalExecutions.traceId],
            set: { status: sql`excluded.status` },
          }),
      );
    }
    await deps.db.batch(writes as [(typeof writes)[number], ...(typeof writes)[number][]]);
  }
  return TRACES / ((performance.now() - started) / 1000);
}

async function changeLabels({ deps, traceIds }: Seeded, round: number) {
  const started = performance.now();
  for (let i = 0; i < LABEL_CHANGES; i++) {
    await deps.db
      .update(traces)
      .set({ label: RATINGS[(i + round) % 3] ?? null })
      .where(eq(traces.id, traceIds[i] as string));
  }
  return LABEL_CHANGES / ((performance.now() - started) / 1000);
}

export async function measureCountingWrites(
  bench: Bench,
  scratch: ReturnType<typeof scratchDir>,
  rounds: number,
) {
  const counted = await seeded(scratch.file('counted.db'), true);
  const plain = await seeded(scratch.file('plain.db'), false);
  const writes = await interleave(rounds, {
    plain: (r) => writeVersion(plain, r),
    counted: (r) => writeVersion(counted, r),
  });
  // Each label change touches the trace's executions in every version written above.
  const labels = await interleave(rounds, {
    plain: (r) => changeLabels(plain, r),
    counted: (r) => changeLabels(counted, r),
  });
  bench.figure({
    name: 'executions written, without the counting triggers (baseline)',
    unit: 'rows/s',
    value: spread(writes.plain),
  });
  bench.figure({
    name: 'executions written, with the counting triggers',
    unit: 'rows/s',
    value: spread(writes.counted),
    ratio: {
      of: 'the same writes without triggers',
      value: ratioSpread(writes.counted, writes.plain),
    },
  });
  bench.figure({
    name: `label changes on traces with ${rounds} versions run, without triggers (baseline)`,
    unit: 'labels/s',
    value: spread(labels.plain),
  });
  bench.figure({
    name: `label changes on traces with ${rounds} versions run, with triggers`,
    unit: 'labels/s',
    value: spread(labels.counted),
    ratio: {
      of: 'the same updates without triggers',
      value: ratioSpread(labels.counted, labels.plain),
    },
  });
  counted.deps.close();
  plain.deps.close();
}
