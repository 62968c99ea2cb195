import type { Ctx } from '@/core/context';
import type { EvalView } from '@/core/eval-view';
import { type NewTraceSummary, traceSummaries } from '@/db/schema';
import { type UpsertRows, upsertRows } from '@/db/upsert-rows';
import { summariseTrace } from './summarise-trace';

type WrittenTrace = { id?: string; evalView: EvalView };

/**
 * The upsert that keeps each trace's deterministic summary in step with the trace. Put it in the
 * same batch as the trace write (ingest does). It also marks the trace for the tasks index
 * (`indexed_at` null), which `tasks.index` picks up.
 */
export function traceSummaryWrites(
  ctx: Pick<Ctx, 'newId' | 'workspaceId' | 'now'>,
  written: WrittenTrace[],
): UpsertRows[] {
  if (written.length === 0) {
    return [];
  }
  const now = ctx.now();
  const rows: NewTraceSummary[] = written.map((t) => {
    const { body, text } = summariseTrace(t.evalView);
    return {
      id: ctx.newId('sum'),
      workspaceId: ctx.workspaceId,
      traceId: t.id as string,
      kind: 'deterministic',
      model: '',
      promptHash: '',
      body,
      text,
      indexedAt: null,
      createdAt: now,
    };
  });
  return [
    upsertRows(traceSummaries, rows, {
      target: [
        traceSummaries.traceId,
        traceSummaries.kind,
        traceSummaries.model,
        traceSummaries.promptHash,
      ],
      update: ['body', 'text', 'indexedAt', 'createdAt'],
    }),
  ];
}
