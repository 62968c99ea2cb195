import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import { evals, jobs } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createTestDeps } from '@/hosts/test-deps';
import { ingestTraces } from '@/traces/ingest/ingest-traces';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';

const makeTrace = ({ externalId }: { externalId: string }) =>
  parseChatTranscript({
    id: externalId,
    messages: [
      { role: 'system', content: 'You are the helpful support agent of Acme.' },
      { role: 'user', content: `question ${externalId}` },
      { role: 'assistant', content: 'answer' },
    ],
  });

const deps = createTestDeps();
let ctx: Ctx;

beforeAll(async () => {
  ctx = createSystemCtx(deps, (await createTestWorkspace(deps)).id);
});
afterAll(() => deps.close());

describe('automatic evaluation of new traces', () => {
  it("queues eval.execute for the agent's active evals when its traces arrive, and nothing on a re-send", async () => {
    const first = makeTrace({ externalId: 'a-1' });
    const stored = await ingestTraces(ctx, { traces: [first] });
    const agentId = await agentOf(stored.traces[0]!.id);
    expect(agentId).toBeTruthy();
    await deps.db.insert(evals).values({
      id: 'ev_active',
      workspaceId: ctx.workspaceId,
      agentId: agentId!,
      name: 'eval_x',
      version: 1,
      status: 'active',
      code: 'def eval_x(trace):\n    return True, "ok"\n',
      codeHash: 'h',
      generator: 'manual',
    });
    const second = makeTrace({ externalId: 'a-2' });
    const result = await ingestTraces(ctx, { traces: [second] });
    const queued = await deps.db.select().from(jobs).where(eq(jobs.type, 'eval.execute'));
    expect(queued.map((j) => j.payload)).toEqual([
      { evalId: 'ev_active', traceIds: [result.traces[0]!.id] },
    ]);
    await ingestTraces(ctx, { traces: [second] });
    expect(await deps.db.select().from(jobs).where(eq(jobs.type, 'eval.execute'))).toHaveLength(1);
  });
});

async function agentOf(traceId: string): Promise<string | null> {
  const { traces } = await import('@/db/schema');
  const [row] = await deps.db
    .select({ agentId: traces.agentId })
    .from(traces)
    .where(eq(traces.id, traceId));
  return row?.agentId ?? null;
}
