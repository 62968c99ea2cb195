import { AppError } from '@/core/errors';
import { assignOwn } from '@/core/own-keys';
import { truncateStrings } from '../ingest-limits';
import { emptyTrace, type NormalisedTrace } from '../normalised-trace';
import { mapLangfuseObservation, toMillis } from '../parsers/langfuse/map-langfuse-observation';
import { isRecord } from '../to-eval-messages';

function traceOf(traces: Map<string, NormalisedTrace>, id: string): NormalisedTrace {
  let t = traces.get(id);
  if (!t) {
    t = emptyTrace('langfuse', id);
    traces.set(id, t);
  }
  return t;
}

function addObservation(
  traces: Map<string, NormalisedTrace>,
  o: Record<string, unknown>,
  traceId: string,
): void {
  if (typeof o.id !== 'string' || o.id === '') {
    throw new AppError('VALIDATION', 'observation needs an id');
  }
  const start = toMillis(o.startTime);
  if (start === null) {
    throw new AppError('VALIDATION', `observation ${o.id} needs a startTime`);
  }
  traceOf(traces, traceId).spans.push(
    mapLangfuseObservation(truncateStrings(o), String(o.type ?? 'SPAN'), start),
  );
}

/**
 * Langfuse exports: trace rows (`GET /api/public/traces`, with embedded observations/scores when
 * present) and observation rows (`GET /api/public/observations`, with `traceId` and `type`), in any
 * order and mix. Source `langfuse`, so data pushed before and imported later is the same trace.
 */
export function addLangfuseExportRecord(
  traces: Map<string, NormalisedTrace>,
  record: unknown,
): void {
  if (!isRecord(record) || typeof record.id !== 'string' || record.id === '') {
    throw new AppError('VALIDATION', 'record needs an id');
  }
  if (typeof record.traceId === 'string' && record.traceId !== '') {
    addObservation(traces, record, record.traceId);
    return;
  }
  const t = traceOf(traces, record.id);
  t.name = typeof record.name === 'string' ? record.name : t.name;
  t.startTime = toMillis(record.timestamp) ?? t.startTime;
  t.sessionId = typeof record.sessionId === 'string' ? record.sessionId : t.sessionId;
  t.userId = typeof record.userId === 'string' ? record.userId : t.userId;
  if (isRecord(record.metadata)) {
    assignOwn(t.metadata, truncateStrings(record.metadata));
  }
  if (Array.isArray(record.tags)) {
    t.tags = [
      ...new Set([...t.tags, ...record.tags.filter((x): x is string => typeof x === 'string')]),
    ];
  }
  if (record.input !== undefined && record.input !== null) {
    t.input = truncateStrings(record.input);
  }
  if (record.output !== undefined && record.output !== null) {
    t.output = truncateStrings(record.output);
  }
  for (const o of Array.isArray(record.observations) ? record.observations : []) {
    if (isRecord(o)) {
      addObservation(traces, o, record.id);
    }
  }
  for (const s of Array.isArray(record.scores) ? record.scores : []) {
    if (
      isRecord(s) &&
      typeof s.name === 'string' &&
      (typeof s.value === 'number' || typeof s.value === 'string' || typeof s.value === 'boolean')
    ) {
      t.scores.push({
        externalId: typeof s.id === 'string' ? s.id : null,
        name: s.name,
        value:
          typeof s.stringValue === 'string' && typeof s.value !== 'number'
            ? s.stringValue
            : s.value,
        comment: typeof s.comment === 'string' ? s.comment : null,
        spanId: typeof s.observationId === 'string' ? s.observationId : null,
      });
    }
  }
}
