import { z } from '@hono/zod-openapi';
import { desc, inArray } from 'drizzle-orm';
import { columnFields } from '@/api/column-fields';
import { iso } from '@/api/openapi-schemas';
import type { Ctx } from '@/core/context';
import { rowsInWorkspace } from '@/db/in-workspace';
import { type PromptIteration, promptIterations, tasksetRuns } from '@/db/schema';

const Check = z.object({ ok: z.boolean(), message: z.string().optional() });

export const IterationView = z
  .object({
    ...columnFields(promptIterations, 'id', 'agentId', 'baseVersionId', 'parentIterationId'),
    ...columnFields(promptIterations, 'source', 'text'),
    changeSummary: z.object({ diff: z.string(), reason: z.string() }).nullable(),
    guardResults: z.record(z.string(), Check),
    scores: z.object({
      minibatch: z.number().optional(),
      val: z.number().optional(),
      test: z.number().optional(),
    }),
    ...columnFields(promptIterations, 'status'),
    createdAt: z.string(),
    /** Taskset runs of this text (newest first): what decides a proposal. */
    runs: z.array(
      z.object({
        id: z.string(),
        status: z.string(),
        split: z.string().nullable(),
        meanScore: z.number().nullable(),
      }),
    ),
  })
  .openapi('PromptIteration');
type IterationRun = z.infer<typeof IterationView>['runs'][number];

export const toIterationView = (
  row: PromptIteration,
  runs: IterationRun[] = [],
): z.infer<typeof IterationView> => ({
  id: row.id,
  agentId: row.agentId,
  baseVersionId: row.baseVersionId,
  parentIterationId: row.parentIterationId,
  source: row.source,
  text: row.text,
  changeSummary: row.changeSummary,
  guardResults: row.guardResults,
  scores: row.scores,
  status: row.status,
  createdAt: iso(row.createdAt),
  runs,
});

/** The taskset runs of each text (runs of a prompt text, newest first), by text. */
export async function runsByText(ctx: Ctx, texts: string[]): Promise<Map<string, IterationRun[]>> {
  const out = new Map<string, IterationRun[]>();
  const unique = [...new Set(texts)].slice(0, 90);
  if (unique.length === 0) {
    return out;
  }
  const rows = await rowsInWorkspace(ctx, tasksetRuns, [
    inArray(tasksetRuns.candidateText, unique),
  ]).orderBy(desc(tasksetRuns.createdAt), desc(tasksetRuns.id));
  for (const r of rows) {
    const list = out.get(r.candidateText ?? '') ?? [];
    list.push({
      id: r.id,
      status: r.status,
      split: r.config.split ?? null,
      meanScore: r.summary.meanScore ?? null,
    });
    out.set(r.candidateText ?? '', list);
  }
  return out;
}
