import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { traceSummaries } from '@/db/schema';
import { withoutFastPaths } from '@/db/testing';
import { ctxWorld } from '@/hosts/testing/ctx-world';
import { ingestTraces } from '@/traces/ingest/ingest-traces';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';

const world = ctxWorld();

const transcript = (id: string, user: string) =>
  parseChatTranscript({
    id,
    messages: [
      { role: 'system', content: 'You are a helpful airline agent.' },
      { role: 'user', content: user },
      { role: 'assistant', content: 'Done.' },
    ],
  });

const summaries = () =>
  world.ctx.db
    .select()
    .from(traceSummaries)
    .where(eq(traceSummaries.workspaceId, world.ctx.workspaceId));

describe('trace summaries written at ingest', () => {
  for (const mode of ['embedded fast path', 'D1 batch path'] as const) {
    it(`writes one deterministic summary per new trace (${mode})`, async () => {
      const c =
        mode === 'D1 batch path' ? { ...world.ctx, db: withoutFastPaths(world.ctx.db) } : world.ctx;
      const result = await ingestTraces(c, {
        traces: [transcript('a', 'Cancel my booking'), transcript('b', 'Book a flight')],
      });
      const rows = await summaries();
      expect(rows.map((r) => r.body.goal).sort()).toEqual(['Book a flight', 'Cancel my booking']);
      expect(rows.every((r) => r.kind === 'deterministic' && r.indexedAt === null)).toBe(true);
      expect(new Set(rows.map((r) => r.traceId))).toEqual(new Set(result.traces.map((t) => t.id)));
    });
  }

  it('rewrites the summary when the trace changes and leaves it alone when it is re-sent', async () => {
    await ingestTraces(world.ctx, { traces: [transcript('a', 'Cancel my booking')] });
    const [first] = await summaries();
    await world.ctx.db
      .update(traceSummaries)
      .set({ indexedAt: new Date() })
      .where(eq(traceSummaries.id, first?.id ?? ''));
    await ingestTraces(world.ctx, { traces: [transcript('a', 'Cancel my booking')] });
    expect((await summaries())[0]?.indexedAt).not.toBeNull();

    await ingestTraces(world.ctx, { traces: [transcript('a', 'Cancel my booking, please')] });
    const rows = await summaries();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(first?.id);
    expect(rows[0]?.body.goal).toBe('Cancel my booking, please');
    expect(rows[0]?.indexedAt).toBeNull();
  });
});
