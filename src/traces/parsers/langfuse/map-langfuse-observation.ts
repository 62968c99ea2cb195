import { emptySpan, type NormalisedSpan, type SpanKind } from '../../normalised-trace';
import { isRecord, toEvalMessages } from '../../to-eval-messages';

const OBSERVATION_KINDS: Record<string, SpanKind> = {
  GENERATION: 'LLM',
  SPAN: 'CHAIN',
  EVENT: 'EVENT',
  AGENT: 'AGENT',
  TOOL: 'TOOL',
  CHAIN: 'CHAIN',
  RETRIEVER: 'RETRIEVER',
  EMBEDDING: 'EMBEDDING',
  EVALUATOR: 'EVALUATOR',
  GUARDRAIL: 'GUARDRAIL',
};

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

export function toMillis(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (typeof value !== 'string' || value === '') {
    return null;
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

function firstNum(objects: unknown[], keys: string[]): number | null {
  for (const o of objects) {
    if (isRecord(o)) {
      for (const k of keys) {
        const v = num(o[k]);
        if (v !== null) {
          return v;
        }
      }
    }
  }
  return null;
}

/**
 * A Langfuse observation (ingestion event body, or an exported observation row) as a span. `type`
 * is the observation type in upper case (GENERATION, SPAN, EVENT, AGENT, TOOL, ...).
 */
export function mapLangfuseObservation(
  body: Record<string, unknown>,
  type: string,
  fallbackTime: number,
): NormalisedSpan {
  const kind = OBSERVATION_KINDS[type.toUpperCase()] ?? 'UNKNOWN';
  const span = emptySpan(
    String(body.id),
    str(body.name) ?? '',
    toMillis(body.startTime) ?? fallbackTime,
  );
  span.kind = kind;
  span.parentSpanId = str(body.parentObservationId);
  span.endTime = toMillis(body.endTime) ?? (kind === 'EVENT' ? span.startTime : null);
  span.status = body.level === 'ERROR' ? 'ERROR' : 'UNSET';
  span.statusMessage = body.level === 'ERROR' ? (str(body.statusMessage) ?? 'error') : null;
  span.model = str(body.model) ?? str(body.providedModelName);
  const usage = [body.usageDetails, body.usage];
  span.inputTokens =
    firstNum(usage, ['input', 'promptTokens', 'prompt_tokens', 'input_tokens']) ??
    num(body.promptTokens);
  span.outputTokens =
    firstNum(usage, ['output', 'completionTokens', 'completion_tokens', 'output_tokens']) ??
    num(body.completionTokens);
  span.totalTokens =
    firstNum(usage, ['total', 'totalTokens', 'total_tokens']) ?? num(body.totalTokens);
  span.cost =
    firstNum([body.costDetails], ['total']) ??
    firstNum([body.usage], ['totalCost']) ??
    num(body.calculatedTotalCost) ??
    num(body.totalCost);
  span.input = body.input;
  span.output = body.output;
  if (kind === 'LLM') {
    span.inputMessages = toEvalMessages(body.input);
    span.outputMessages = toEvalMessages(body.output);
  }
  if (kind === 'TOOL') {
    span.toolCall = {
      id: null,
      name: span.name,
      arguments: body.input ?? null,
      result: body.output ?? null,
    };
  }
  const attributes: Record<string, unknown> = {};
  for (const key of [
    'metadata',
    'modelParameters',
    'level',
    'version',
    'environment',
    'statusMessage',
    'completionStartTime',
    'promptName',
    'promptVersion',
  ]) {
    if (body[key] !== undefined && body[key] !== null) {
      attributes[`langfuse.${key}`] = body[key];
    }
  }
  span.attributes = attributes;
  return span;
}
