import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { traces } from '@/db/schema';
import { importTraces } from '@/traces/import/import-traces';
import { loadRecordedCalls } from '../load-replay-index';
import type { RecordedCall } from '../replay-index';

type TauTrace = {
  task_id: number;
  trial: number;
  traj: {
    role: string;
    content?: string | null;
    tool_call_id?: string;
    tool_calls?: { id: string; function: { name: string; arguments: string } }[];
  }[];
};

/** The file's tool calls with their arguments strings exactly as the model wrote them. */
function rawCalls(trace: TauTrace, traceId: string): RecordedCall[] {
  const results = new Map(
    trace.traj.filter((m) => m.role === 'tool').map((m) => [m.tool_call_id, m.content]),
  );
  return trace.traj.flatMap((m) =>
    (m.tool_calls ?? []).map((c) => ({
      traceId,
      name: c.function.name,
      arguments: c.function.arguments,
      result: results.get(c.id) ?? null,
      error: null,
    })),
  );
}

/**
 * Imports the tau-bench file through the product's importer (one agent: one policy prompt) and
 * reads its tool calls back from the stored traces, per trace with its task id; `raw` holds the
 * same calls as the file has them (arguments strings unparsed), for the no-normalisation baseline.
 */
export async function loadTauBenchCalls(ctx: Ctx, file: string) {
  const text = readFileSync(file, 'utf8');
  await importTraces(ctx, new Blob([text]).stream(), { format: 'openai' });
  const rows = await ctx.db
    .select({ id: traces.id, externalId: traces.externalId, agentId: traces.agentId })
    .from(traces)
    .where(eq(traces.workspaceId, ctx.workspaceId));
  const agentId = rows[0]?.agentId ?? '';
  const byTrace = new Map<string, RecordedCall[]>();
  for (const call of await loadRecordedCalls(ctx, agentId)) {
    byTrace.set(call.traceId, [...(byTrace.get(call.traceId) ?? []), call]);
  }
  const idOf = new Map(rows.map((r) => [r.externalId, r.id]));
  const task = (externalId: string) => externalId.replace(/-trial-\d+$/, '');
  return {
    agentId,
    agents: new Set(rows.map((r) => r.agentId)).size,
    traces: rows.map((r) => ({
      id: r.id,
      task: task(r.externalId),
      calls: byTrace.get(r.id) ?? [],
    })),
    raw: (JSON.parse(text) as TauTrace[]).map((t) => {
      const externalId = `task-${t.task_id}-trial-${t.trial}`;
      const id = idOf.get(externalId) ?? externalId;
      return { id, task: task(externalId), calls: rawCalls(t, id) };
    }),
  };
}
