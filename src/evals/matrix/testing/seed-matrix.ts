import { chunkRows } from '@/db/chunk';
import type { Db } from '@/db/client';
import { agents, evalExecutions, evals, type NewEvalExecution } from '@/db/schema';
import { seedTraces } from '@/traces/query/seed-traces';

export type SeededMatrix = { agentId: string; evalIds: string[]; traceIds: string[] };

/**
 * An agent with `traces` labelled traces (seedTraces' spread of labels) and `versions` eval
 * versions that each ran on every trace: version v agrees with the label on about (70 + 5v) % of
 * labelled traces and errors on 2 %. Deterministic; for the plan test and `bench:matrix`.
 */
export async function seedMatrix(
  db: Db,
  input: { workspaceId: string; agentId: string; traces: number; versions: number },
): Promise<SeededMatrix> {
  const { workspaceId, agentId } = input;
  await db.insert(agents).values({ id: agentId, workspaceId, name: agentId });
  const traceIds = await seedTraces(db, {
    workspaceId,
    count: input.traces,
    agentIds: [agentId],
    idPrefix: `tr_${agentId}_`,
  });
  const evalIds: string[] = [];
  for (let v = 0; v < input.versions; v++) {
    const id = `ev_${agentId}_${v + 1}`;
    evalIds.push(id);
    await db.insert(evals).values({
      id,
      workspaceId,
      agentId,
      name: 'eval_quality',
      version: v + 1,
      status: v === input.versions - 1 ? 'active' : 'inactive',
      code: `def eval_quality(trace):\n    return True, "v${v + 1}"\n`,
      codeHash: `hash_${id}`,
      generator: 'synthesiser',
    });
    const rows: NewEvalExecution[] = traceIds.map((traceId, i) => {
      const roll = (i * 7919 + v * 104_729) % 100;
      // seedTraces: label positive for i % 3 === 0, negative for 1, neutral for 2 (null for i % 4 === 3).
      const shouldPass = i % 3 !== 1;
      const agrees = roll < 70 + 5 * v;
      const status = roll < 2 ? 'error' : agrees === shouldPass ? 'pass' : 'fail';
      return {
        id: `ex_${id}_${i}`,
        workspaceId,
        evalId: id,
        traceId,
        status,
        reason: status === 'pass' ? 'looks fine' : status === 'fail' ? 'missed a step' : '',
        error: status === 'error' ? { code: 'USER_CODE_ERROR', message: 'KeyError' } : null,
        durationMs: 1 + (i % 5),
        executedAt: new Date(Date.parse('2026-02-01T00:00:00Z') + i * 1000),
      };
    });
    for (const chunk of chunkRows(db, rows, evalExecutions)) {
      await db.insert(evalExecutions).values(chunk);
    }
  }
  return { agentId, evalIds, traceIds };
}
