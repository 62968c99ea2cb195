import type { Ctx } from '@/core/context';
import type { EvalView } from '@/core/eval-view';
import { chunkRows } from '@/db/chunk';
import { agents, traces } from '@/db/schema';

export type SeedTrace = {
  label: 'positive' | 'negative' | 'neutral' | null;
  toolNames: string[];
  text?: string;
  /** The assistant's reply ('done' when not given). */
  reply?: string;
};

/** An agent with traces whose eval views hold the given tool calls; labels set directly. */
export async function seedAgentTraces(ctx: Ctx, specs: SeedTrace[], agentName = 'support') {
  const agentId = ctx.newId('agt');
  await ctx.db
    .insert(agents)
    .values({ id: agentId, workspaceId: ctx.workspaceId, name: agentName });
  const ids: string[] = [];
  const base = Date.parse('2026-11-01T00:00:00Z');
  const rows = specs.map((spec, i) => {
    const id = ctx.newId('trc');
    ids.push(id);
    const view: EvalView = {
      version: 1,
      trace_id: id,
      steps: [
        {
          index: 0,
          name: 'assistant',
          input: spec.text ?? 'help me',
          output: spec.reply ?? 'done',
          tool_calls: spec.toolNames.map((name) => ({
            id: null,
            name,
            arguments: {},
            result: 'ok',
            error: null,
          })),
          error: null,
        },
      ],
      messages: [
        { role: 'user', content: spec.text ?? 'help me' },
        { role: 'assistant', content: spec.reply ?? 'done' },
      ],
      input: spec.text ?? 'help me',
      output: spec.reply ?? 'done',
      metadata: {},
    };
    return {
      id,
      workspaceId: ctx.workspaceId,
      source: 'api' as const,
      externalId: id,
      agentId,
      startedAt: new Date(base + i * 60_000),
      inputPreview: spec.text ?? 'help me',
      label: spec.label,
      labelledAt: spec.label ? new Date(base) : null,
      evalView: view,
      evalViewVersion: 1,
    };
  });
  for (const chunk of chunkRows(ctx.db, rows, traces)) {
    await ctx.db.insert(traces).values(chunk);
  }
  return { agentId, traceIds: ids };
}
