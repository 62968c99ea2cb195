import { eq } from 'drizzle-orm';
import type { Ctx, Deps } from '@/core/context';
import { memberships, workspaces } from '@/db/schema';
import { ingestTraces } from '@/traces/ingest/ingest-traces';
import type { NormalisedTrace } from '@/traces/normalised-trace';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';
import { generateDemoTraces } from './generate-demo-traces';

export const DEMO_WORKSPACE_SLUG = 'demo';
export const DEMO_WORKSPACE_NAME = 'Demo: Harbor Outfitters support';
const CHUNK = 24;

export type SeedDemoResult = { workspaceId: string; traces: number; labelled: number };

/**
 * (Re)builds the demo workspace (slug `demo`): deletes the old one with everything in it, creates
 * it with `memberUserIds` as owners and imports the generated traces through the ingestion
 * service, dated so that the newest conversation is about an hour old.
 */
export async function seedDemoWorkspace(
  deps: Deps,
  input: { memberUserIds: string[]; seed?: number; count?: number },
  onProgress: (done: number, total: number) => void = () => {},
): Promise<SeedDemoResult> {
  await deps.db.delete(workspaces).where(eq(workspaces.slug, DEMO_WORKSPACE_SLUG));
  const workspaceId = deps.newId('ws');
  const now = deps.now();
  await deps.db.batch([
    deps.db.insert(workspaces).values({
      id: workspaceId,
      name: DEMO_WORKSPACE_NAME,
      slug: DEMO_WORKSPACE_SLUG,
      createdAt: now,
      updatedAt: now,
    }),
    ...input.memberUserIds.map((userId) =>
      deps.db.insert(memberships).values({ workspaceId, userId, role: 'owner', createdAt: now }),
    ),
  ]);
  const generated = generateDemoTraces({
    seed: input.seed,
    count: input.count,
    newestAt: now.getTime() - 3_600_000,
  });
  const normalised = generated.map((g) =>
    datedTrace(
      parseChatTranscript(g.transcript),
      Date.parse(g.transcript.metadata.started_at),
      g.transcript.metadata.model,
    ),
  );
  const ctx: Ctx = { ...deps, workspaceId, actor: { type: 'system' }, requestId: 'demo-seed' };
  for (let start = 0; start < normalised.length; start += CHUNK) {
    await ingestTraces(ctx, { traces: normalised.slice(start, start + CHUNK) });
    onProgress(Math.min(start + CHUNK, normalised.length), normalised.length);
  }
  return {
    workspaceId,
    traces: normalised.length,
    labelled: normalised.filter((t) => t.label).length,
  };
}

/** Transcripts carry no times: spread the spans over the conversation and name the model. */
function datedTrace(trace: NormalisedTrace, startedAt: number, model: string): NormalisedTrace {
  const spans = trace.spans.map((span, index) => {
    const start = startedAt + index * 1400;
    const llm = span.kind === 'LLM';
    return {
      ...span,
      startTime: start,
      endTime:
        span.kind === 'AGENT' ? startedAt + trace.spans.length * 1400 : start + (llm ? 1100 : 250),
      model: llm ? model : span.model,
      inputTokens: llm
        ? Math.ceil(JSON.stringify(span.inputMessages ?? []).length / 4)
        : span.inputTokens,
      outputTokens: llm
        ? Math.ceil(JSON.stringify(span.outputMessages ?? []).length / 4)
        : span.outputTokens,
    };
  });
  return { ...trace, startTime: startedAt, endTime: startedAt + trace.spans.length * 1400, spans };
}
