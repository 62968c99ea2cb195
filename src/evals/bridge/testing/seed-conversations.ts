import type { Ctx } from '@/core/context';
import type { EvalView } from '@/core/eval-view';
import { chunkRows } from '@/db/chunk';
import { agents, traces } from '@/db/schema';

export type Conversation = {
  label: 'positive' | 'negative' | null;
  user: string;
  reply: string;
};

/** An agent whose traces are one user message and one assistant reply each, labelled directly. */
export async function seedConversations(
  ctx: Ctx,
  conversations: Conversation[],
  name = 'helpdesk',
) {
  const agentId = ctx.newId('agt');
  await ctx.db.insert(agents).values({ id: agentId, workspaceId: ctx.workspaceId, name });
  const base = Date.parse('2026-11-01T00:00:00Z');
  const rows = conversations.map((c, i) => {
    const id = ctx.newId('trc');
    const view: EvalView = {
      version: 1,
      trace_id: id,
      steps: [
        {
          index: 0,
          name: 'assistant',
          input: c.user,
          output: c.reply,
          tool_calls: [],
          error: null,
        },
      ],
      messages: [
        { role: 'user', content: c.user },
        { role: 'assistant', content: c.reply },
      ],
      input: c.user,
      output: c.reply,
      metadata: {},
    };
    return {
      id,
      workspaceId: ctx.workspaceId,
      source: 'api' as const,
      externalId: id,
      agentId,
      startedAt: new Date(base + i * 60_000),
      inputPreview: c.user,
      label: c.label,
      labelledAt: c.label ? new Date(base) : null,
      evalView: view,
      evalViewVersion: 1,
    };
  });
  for (const chunk of chunkRows(ctx.db, rows, traces)) {
    await ctx.db.insert(traces).values(chunk);
  }
  return { agentId, traceIds: rows.map((r) => r.id) };
}
