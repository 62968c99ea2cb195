import { EVAL_VIEW_VERSION } from '@/core/eval-view';
import { slotIndex } from '@/core/pack-eval-view';
import type { NewSpan, NewTrace, Span, Trace } from '@/db/schema';
import type { DerivedTrace } from '../derive-eval-view';
import type { NormalisedTrace } from '../normalised-trace';
import type { PromptLinks } from './discover-agents';
import type { StoredTrace } from './load-stored-traces';
import { hasMessageRefs, toSpanRow } from './span-rows';

/** One trace of a request, merged with what is stored and derived again. */
export type PreparedTrace = {
  id: string;
  next: NormalisedTrace;
  row: StoredTrace | undefined;
  storedSpans: Span[];
  merged: NormalisedTrace;
  derived: DerivedTrace;
  /** The merged spans are the view's messages' transcript spans from this time: no rows. */
  spansFrom: number | null;
};

export const TRACE_UPDATE_KEYS: (keyof NewTrace & string)[] = [
  'agentId',
  'agentVersionId',
  'systemPromptId',
  'name',
  'sessionId',
  'externalUserId',
  'startedAt',
  'endedAt',
  'durationMs',
  'spanCount',
  'stepCount',
  'toolCallCount',
  'errorCount',
  'hasErrors',
  'inputTokens',
  'outputTokens',
  'costUsd',
  'inputPreview',
  'outputPreview',
  'evalView',
  'evalViewVersion',
  'metadata',
  'tags',
  'updatedAt',
];
export const SPAN_UPDATE_KEYS: (keyof NewSpan & string)[] = [
  'parentSpanId',
  'name',
  'kind',
  'startedAt',
  'endedAt',
  'durationMs',
  'status',
  'statusMessage',
  'model',
  'inputTokens',
  'outputTokens',
  'costUsd',
  'input',
  'output',
  'attributes',
  'events',
];

const int = (v: number | null) => (v === null ? null : Math.round(v));

/** The trace row a prepared trace writes; `revision` is the stored one plus one (the CAS). */
export function toTraceRow(
  workspaceId: string,
  p: PreparedTrace,
  link: PromptLinks | undefined,
  now: Date,
): NewTrace {
  const { columns, view } = p.derived;
  const timed = p.merged.startTime !== null || p.merged.spans.some((s) => s.endTime !== null);
  const startedAt =
    timed && columns.startTime !== null ? new Date(columns.startTime) : (p.row?.startedAt ?? now);
  return {
    id: p.id,
    workspaceId,
    source: p.merged.source,
    externalId: p.merged.externalId,
    agentId: link?.agentId ?? null,
    agentVersionId: link?.agentVersionId ?? null,
    systemPromptId: link?.systemPromptId ?? null,
    name: columns.name,
    sessionId: p.merged.sessionId,
    externalUserId: p.merged.userId,
    startedAt,
    endedAt: timed && columns.endTime !== null ? new Date(columns.endTime) : null,
    durationMs: int(columns.durationMs),
    spanCount: columns.spanCount,
    stepCount: columns.stepCount,
    toolCallCount: columns.toolCallCount,
    errorCount: columns.errorCount,
    hasErrors: columns.hasErrors,
    inputTokens: int(columns.inputTokens) ?? 0,
    outputTokens: int(columns.outputTokens) ?? 0,
    costUsd: columns.cost,
    inputPreview: columns.inputPreview,
    outputPreview: columns.outputPreview,
    evalView: view,
    evalViewVersion: EVAL_VIEW_VERSION,
    metadata: p.merged.metadata,
    tags: p.merged.tags,
    revision: (p.row?.revision ?? 0) + 1,
    updatedAt: now,
  };
}

/**
 * Span rows this request adds or changes. A span it did not carry is rewritten only when it
 * refers into the eval view's messages and the new view moved what it refers to. None when the
 * trace's spans are derived from its messages.
 */
export function changedSpanRows(workspaceId: string, p: PreparedTrace): NewSpan[] {
  if (p.spansFrom !== null) {
    return [];
  }
  // spans derived from the stored view have no rows yet: every one is written
  const storedDerived = p.row !== undefined && p.row.spansFrom !== null;
  const storedById = new Map(storedDerived ? [] : p.storedSpans.map((s) => [s.spanId, s]));
  const touched = new Set((storedDerived ? p.merged : p.next).spans.map((s) => s.spanId));
  const index = slotIndex(p.derived.view.messages);
  const rows: NewSpan[] = [];
  for (const span of p.merged.spans) {
    const before = storedById.get(span.spanId);
    if (!touched.has(span.spanId) && !(before && hasMessageRefs(before))) {
      continue;
    }
    const row = toSpanRow(workspaceId, p.id, span, index);
    if (!before || !sameContent(before, row, SPAN_UPDATE_KEYS)) {
      rows.push(row);
    }
  }
  return rows;
}

const CONTENT_KEYS = TRACE_UPDATE_KEYS.filter((k) => k !== 'updatedAt');

function comparable(value: unknown): string {
  return JSON.stringify(value instanceof Date ? value.getTime() : (value ?? null));
}

function sameContent(row: object, next: object, keys: string[]): boolean {
  const a = row as Record<string, unknown>;
  const b = next as Record<string, unknown>;
  return keys.every((k) => comparable(a[k]) === comparable(b[k]));
}

export const sameTraceContent = (row: Trace, next: NewTrace) =>
  sameContent(row, next, CONTENT_KEYS);

export const sameSpanContent = (row: NewSpan, next: NewSpan) =>
  row.spanId === next.spanId && sameContent(row, next, SPAN_UPDATE_KEYS);
