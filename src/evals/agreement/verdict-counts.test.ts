import { and, count, eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { agents, evalExecutions, evals, evalVerdictCounts, traces } from '@/db/schema';
import { deleteFeedback } from '@/feedback/delete-feedback';
import { labelTrace } from '@/feedback/label-trace';
import { ctxWorld } from '@/hosts/testing/ctx-world';
import { deleteTrace } from '@/traces/query/delete-traces';
import { seedTraces } from '@/traces/query/seed-traces';
import { createSeededRandom } from '../metrics/seeded-random';
import { confusionOf } from './eval-agreement';
import { readVerdictCounts } from './verdict-counts';

const world = ctxWorld();
const STATUSES = ['pass', 'fail', 'error'] as const;
const RATINGS = ['positive', 'negative', 'neutral'] as const;

beforeEach(async () => {
  await world.deps.db.insert(agents).values([
    { id: 'agt', workspaceId: world.ctx.workspaceId, name: 'agent' },
    { id: 'agt_2', workspaceId: world.ctx.workspaceId, name: 'second agent' },
  ]);
});

const asKey = (key: string): Ctx => ({
  ...world.ctx,
  actor: { type: 'apiKey', keyId: key, role: 'owner' },
});

async function addEval(id: string, agentId = 'agt') {
  await world.deps.db.insert(evals).values({
    id,
    workspaceId: world.ctx.workspaceId,
    agentId,
    name: 'eval_x',
    version: Number(id.slice(-1)),
    code: 'def eval_x(trace):\n    return True, ""\n',
    codeHash: id,
    generator: 'synthesiser',
  });
}

/** Writes a verdict the way an eval run does: upsert on (eval, trace). */
function writeVerdict(evalId: string, traceId: string, status: (typeof STATUSES)[number]) {
  return world.deps.db
    .insert(evalExecutions)
    .values({
      id: `ex_${evalId}_${traceId}_${Math.random()}`,
      workspaceId: world.ctx.workspaceId,
      evalId,
      traceId,
      status,
      executedAt: new Date(),
    })
    .onConflictDoUpdate({
      target: [evalExecutions.evalId, evalExecutions.traceId],
      set: { status: sql`excluded.status` },
    });
}

/** The maintained counts (zero rows left out) and the same counts recomputed from scratch. */
async function maintainedAndRecounted() {
  const kept = await world.deps.db
    .select({
      evalId: evalVerdictCounts.evalId,
      label: evalVerdictCounts.label,
      status: evalVerdictCounts.status,
      n: evalVerdictCounts.count,
    })
    .from(evalVerdictCounts)
    .where(sql`${evalVerdictCounts.count} <> 0`);
  const recount = await world.deps.db
    .select({
      evalId: evalExecutions.evalId,
      label: sql<string>`coalesce(${traces.label}, 'unlabelled')`,
      status: evalExecutions.status,
      n: count(),
    })
    .from(evalExecutions)
    .innerJoin(traces, eq(traces.id, evalExecutions.traceId))
    .innerJoin(evals, and(eq(evals.id, evalExecutions.evalId), eq(evals.agentId, traces.agentId)))
    .groupBy(evalExecutions.evalId, sql`2`, evalExecutions.status);
  const key = (r: { evalId: string; label: string; status: string; n: number }) =>
    `${r.evalId} ${r.label} ${r.status} ${r.n}`;
  return { kept: kept.map(key).sort(), recount: recount.map(key).sort() };
}

describe('maintained verdict counts (eval_verdict_counts)', () => {
  it('equal a recount after every kind of write, in a long random sequence', async () => {
    const random = createSeededRandom(17);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
    const traceIds = await seedTraces(world.deps.db, {
      workspaceId: world.ctx.workspaceId,
      count: 24,
      agentIds: ['agt'],
    });
    // ev_4 belongs to the second agent: a trace counts for a version while it is its agent's.
    const evalIds = ['ev_1', 'ev_2', 'ev_3', 'ev_4'];
    for (const id of evalIds) {
      await addEval(id, id === 'ev_4' ? 'agt_2' : 'agt');
    }
    const feedbackIds: string[] = [];
    const kinds = new Set<string>();
    for (let step = 0; step < 400 && traceIds.length > 2; step++) {
      const roll = random();
      const traceId = pick(traceIds);
      if (roll < 0.45) {
        kinds.add('verdict');
        await writeVerdict(pick(evalIds), traceId, pick(STATUSES));
      } else if (roll < 0.75) {
        kinds.add('label');
        const fb = await labelTrace(asKey(pick(['k1', 'k2', 'k3'])), {
          traceId,
          rating: pick(RATINGS),
        });
        feedbackIds.push(fb.id);
      } else if (roll < 0.88 && feedbackIds.length > 0) {
        kinds.add('unlabel');
        const id = feedbackIds.splice(Math.floor(random() * feedbackIds.length), 1)[0] as string;
        await deleteFeedback(asKey('k1'), { id }).catch(() => undefined); // already gone with its trace
      } else if (roll < 0.91) {
        kinds.add('move trace');
        await world.deps.db
          .update(traces)
          .set({ agentId: pick(['agt', 'agt_2', null]) })
          .where(eq(traces.id, traceId));
      } else if (roll < 0.96) {
        kinds.add('delete execution');
        await world.deps.db
          .delete(evalExecutions)
          .where(
            and(eq(evalExecutions.traceId, traceId), eq(evalExecutions.evalId, pick(evalIds))),
          );
      } else {
        kinds.add('delete trace');
        await deleteTrace(world.ctx, { id: traceId });
        traceIds.splice(traceIds.indexOf(traceId), 1);
      }
      const { kept, recount } = await maintainedAndRecounted();
      expect(kept, `after step ${step}`).toEqual(recount);
    }
    expect([...kinds].sort()).toEqual(
      ['delete execution', 'delete trace', 'label', 'move trace', 'unlabel', 'verdict'].sort(),
    );
    await world.deps.db.delete(evals).where(eq(evals.id, 'ev_2'));
    const { kept, recount } = await maintainedAndRecounted();
    expect(kept).toEqual(recount);
    expect(kept.some((k) => k.startsWith('ev_2 '))).toBe(false);
  });

  it('move a verdict between labels, keeping neutral apart from unlabelled', async () => {
    const [traceId] = await seedTraces(world.deps.db, {
      workspaceId: world.ctx.workspaceId,
      count: 1,
      agentIds: ['agt'],
    });
    await world.deps.db
      .update(traces)
      .set({ label: null })
      .where(eq(traces.id, traceId as string));
    await addEval('ev_1');
    await writeVerdict('ev_1', traceId as string, 'pass');
    const counts = async () =>
      confusionOf((await readVerdictCounts(world.ctx, ['ev_1'])).get('ev_1')!);
    expect(await counts()).toMatchObject({ executions: 1, passes: 1, unlabelled: 1, neutral: 0 });
    await labelTrace(asKey('k1'), { traceId: traceId as string, rating: 'neutral' });
    expect(await counts()).toMatchObject({ unlabelled: 0, neutral: 1, tp: 0 });
    await labelTrace(asKey('k1'), { traceId: traceId as string, rating: 'negative' });
    expect(await counts()).toMatchObject({ neutral: 0, fp: 1, tp: 0 });
    await writeVerdict('ev_1', traceId as string, 'fail');
    expect(await counts()).toMatchObject({ executions: 1, passes: 0, fp: 0, tn: 1 });
    await writeVerdict('ev_1', traceId as string, 'error');
    expect(await counts()).toMatchObject({ executions: 1, tn: 0, errors: 1 });
  });
});
