import { z } from '@hono/zod-openapi';
import { assignOwn } from '@/core/own-keys';
import { isTimeInRange, timeRangeMessage } from '../../ingest/assert-times-in-range';
import { truncateStrings } from '../../ingest-limits';
import { mergeSpan } from '../../merge-span';
import {
  emptyTrace,
  type NormalisedSpan,
  type NormalisedTrace,
  ScoreDataType,
  type TraceScore,
} from '../../normalised-trace';
import { isRecord } from '../../to-eval-messages';
import { mapLangfuseObservation, toMillis } from './map-langfuse-observation';

const Timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO timestamp');
const OptionalTime = Timestamp.nullish();
const Id = z.string().min(1).max(256);

const TraceBody = z.looseObject({
  id: Id,
  timestamp: OptionalTime,
  name: z.string().nullish(),
  userId: z.string().nullish(),
  sessionId: z.string().nullish(),
  metadata: z.unknown().optional(),
  tags: z.array(z.string()).nullish(),
  release: z.string().max(1000).nullish(),
  version: z.string().max(1000).nullish(),
  environment: z.string().max(1000).nullish(),
});
const ObservationBody = z.looseObject({
  id: Id,
  traceId: Id.nullish(),
  parentObservationId: Id.nullish(),
  name: z.string().nullish(),
  startTime: OptionalTime,
  endTime: OptionalTime,
  level: z.enum(['DEBUG', 'DEFAULT', 'WARNING', 'ERROR']).nullish(),
});
const ScoreBody = z.looseObject({
  id: Id.nullish(),
  traceId: Id,
  observationId: Id.nullish(),
  name: z.string().min(1),
  value: z.union([z.number(), z.string(), z.boolean()]),
  dataType: ScoreDataType.nullish(),
  comment: z.string().nullish(),
});

export type LangfuseScore = { traceExternalId: string; score: TraceScore };

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

/**
 * What one ingestion batch builds up: traces by id, and spans keyed by (trace, observation id)
 * so the same observation id in two traces stays two spans, as storage keys them.
 */
export class LangfuseBatch {
  readonly traces = new Map<string, NormalisedTrace>();
  readonly scores: LangfuseScore[] = [];
  private readonly spans = new Map<
    string,
    { traceId: string; span: NormalisedSpan; order: number }
  >();
  /** The trace of each observation id seen, for updates that do not name their trace. */
  private readonly traceOfObservation = new Map<string, string>();

  constructor(private readonly now: number) {}

  private traceOf(id: string): NormalisedTrace {
    let t = this.traces.get(id);
    if (!t) {
      t = emptyTrace('langfuse', id);
      this.traces.set(id, t);
    }
    return t;
  }

  private outOfRange(label: string, ms: number | null): string | null {
    return ms !== null && !isTimeInRange(ms, this.now)
      ? `${label} is out of range: times must be ${timeRangeMessage(this.now)}`
      : null;
  }

  /** Applies `trace-create`; returns an error message for a bad body. */
  trace(body: Record<string, unknown>): string | null {
    const b = TraceBody.safeParse(body);
    if (!b.success) {
      return issuesText(b.error);
    }
    const at = toMillis(b.data.timestamp);
    const bad = this.outOfRange('timestamp', at);
    if (bad) {
      return bad;
    }
    const t = this.traceOf(b.data.id);
    t.name = b.data.name ?? t.name;
    t.userId = b.data.userId ?? t.userId;
    t.sessionId = b.data.sessionId ?? t.sessionId;
    t.startTime =
      at !== null && t.startTime !== null ? Math.min(at, t.startTime) : (at ?? t.startTime);
    if (isRecord(b.data.metadata)) {
      assignOwn(t.metadata, truncateStrings(b.data.metadata));
    }
    for (const key of ['release', 'version', 'environment'] as const) {
      if (b.data[key]) {
        t.metadata[`langfuse.${key}`] = b.data[key];
      }
    }
    t.tags = [...new Set([...t.tags, ...(b.data.tags ?? [])])];
    if (body.input !== undefined && body.input !== null) {
      t.input = truncateStrings(body.input);
    }
    if (body.output !== undefined && body.output !== null) {
      t.output = truncateStrings(body.output);
    }
    return null;
  }

  /** Applies `score-create`. */
  score(body: Record<string, unknown>, eventId: string): string | null {
    const b = ScoreBody.safeParse(body);
    if (!b.success) {
      return issuesText(b.error);
    }
    this.scores.push({
      traceExternalId: b.data.traceId,
      score: {
        externalId: b.data.id ?? eventId,
        name: b.data.name,
        value: b.data.value,
        dataType: b.data.dataType ?? null,
        comment: b.data.comment ?? null,
        spanId: b.data.observationId ?? null,
      },
    });
    return null;
  }

  /** Applies an observation `*-create` / `*-update` of the given event type. */
  observation(
    type: string,
    body: Record<string, unknown>,
    eventTime: number,
    order: number,
  ): string | null {
    const b = ObservationBody.safeParse(body);
    if (!b.success) {
      return issuesText(b.error);
    }
    const obsType =
      type === 'observation-create' || type === 'observation-update'
        ? String(body.type ?? 'SPAN')
        : type.replace(/-(create|update)$/, '');
    const span = mapLangfuseObservation(truncateStrings(body), obsType, eventTime);
    const bad =
      this.outOfRange('startTime', span.startTime) ?? this.outOfRange('endTime', span.endTime);
    if (bad) {
      return bad;
    }
    if (type.endsWith('-update')) {
      span.partial = true;
    }
    const traceId = b.data.traceId ?? this.traceOfObservation.get(b.data.id) ?? b.data.id;
    const key = `${traceId}\u0000${b.data.id}`;
    const known = this.spans.get(key);
    if (known) {
      const completes = known.span.partial === true && span.partial !== true;
      mergeSpan(known.span, span, body.startTime !== undefined && body.startTime !== null);
      if (completes) {
        delete known.span.partial;
      }
    } else {
      this.spans.set(key, { traceId, span, order });
      this.traceOf(traceId);
    }
    this.traceOfObservation.set(b.data.id, traceId);
    return null;
  }

  /** The traces with their spans in event order. */
  finish(): NormalisedTrace[] {
    for (const { traceId, span } of [...this.spans.values()].sort((a, b) => a.order - b.order)) {
      this.traceOf(traceId).spans.push(span);
    }
    return [...this.traces.values()];
  }
}
