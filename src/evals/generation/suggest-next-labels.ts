import { desc, eq, isNull } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { selectInWorkspace } from '@/db/in-workspace';
import { traces } from '@/db/schema';
import { readEvalView } from '@/traces/stored-eval-view';
import type { LabelledTraceRow } from '../internal';
import { suggestLabels } from '../selection/suggest-labels';
import type { EvaluatedCandidate } from './persist-generation';

/** An unlabelled trace to label next, and why. */
export type SuggestedTrace = {
  traceId: string;
  externalId: string | null;
  name: string | null;
  why: string;
};

/** The newest unlabelled traces looked at: the committee's cost grows with them. */
const POOL = 500;

/**
 * Up to 10 of the agent's unlabelled traces in this workspace to label next (`suggestLabels`:
 * where the synthesiser's fold models and its final version disagree, the rarer verdict, tasks
 * not labelled yet), judged by the models' JS twins, never the sandbox. Empty when no candidate
 * kept its fold models (the synthesiser did not compete) or the agent has no unlabelled trace.
 */
export async function suggestNextLabels(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  input: {
    agentId: string;
    labelled: LabelledTraceRow[];
    evaluated: EvaluatedCandidate[];
    seed: number;
  },
): Promise<SuggestedTrace[]> {
  const synth = input.evaluated.find((c) => c.predict && c.report.foldModels);
  const final = synth?.predict;
  const folds = synth?.report.foldModels;
  if (!final || !folds) {
    return [];
  }
  const rows = await selectInWorkspace(
    ctx,
    traces,
    { id: traces.id, view: traces.evalView, externalId: traces.externalId, name: traces.name },
    [eq(traces.agentId, input.agentId), isNull(traces.label)],
  )
    .orderBy(desc(traces.startedAt), traces.id)
    .limit(POOL);
  const unlabelled = await Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      view: { ...(await readEvalView(r.view, ctx.db)), trace_id: r.id },
    })),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return suggestLabels({
    labelled: input.labelled
      .filter((t) => t.label !== 'neutral')
      .map((t) => ({ view: t.view, label: t.label === 'positive' })),
    final,
    folds: folds.map((m) => (view) => m(view).passed),
    unlabelled,
    seed: input.seed,
  }).map((s) => ({
    traceId: s.id,
    externalId: byId.get(s.id)?.externalId ?? null,
    name: byId.get(s.id)?.name ?? null,
    why:
      s.why.join('; ') ||
      'like the traces your labels come from; another label narrows what the rules can say',
  }));
}
