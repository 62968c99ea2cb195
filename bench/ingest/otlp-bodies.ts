/** Generated ingest requests: OTLP (JSON and protobuf) and Langfuse batches of traces x spans. */
import { encodeOtlpProtobuf } from '@/traces/parsers/otlp/testing/encode-otlp-protobuf';

export const TRACES_PER_REQUEST = 100;
export const SPANS_PER_TRACE = 10;
const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
const TEXT =
  'I would like to change my reservation to a later flight on the same day, preferably after 5pm. '.repeat(
    3,
  );

function attr(key: string, value: string | number) {
  return { key, value: typeof value === 'number' ? { intValue: value } : { stringValue: value } };
}

/** Request `r` (distinct trace ids per r): 100 traces of an agent, LLM and tool spans. */
export function otlpRequest(r: number) {
  const spans = [];
  for (let t = 0; t < TRACES_PER_REQUEST; t++) {
    const traceId = hex(r + 1, 16) + hex(t + 1, 16);
    for (let s = 0; s < SPANS_PER_TRACE; s++) {
      const start = 1_700_000_000_000 + r * 1000 + s;
      const kind = s === 0 ? 'AGENT' : s % 2 ? 'LLM' : 'TOOL';
      const attributes = [attr('openinference.span.kind', kind)];
      if (kind === 'LLM') {
        attributes.push(
          attr('llm.model_name', 'gpt-4o'),
          attr('llm.input_messages.0.message.role', 'system'),
          attr('llm.input_messages.0.message.content', 'You are an airline agent.'),
          attr('llm.input_messages.1.message.role', 'user'),
          attr('llm.input_messages.1.message.content', TEXT),
          attr('llm.output_messages.0.message.role', 'assistant'),
          attr('llm.output_messages.0.message.content', TEXT),
          attr('llm.token_count.prompt', 120),
          attr('llm.token_count.completion', 40),
        );
      } else {
        attributes.push(attr('input.value', TEXT), attr('output.value', TEXT));
        if (kind === 'TOOL') {
          attributes.push(attr('tool.name', 'search_flights'));
        }
      }
      spans.push({
        traceId,
        spanId: hex(t * SPANS_PER_TRACE + s + 1, 16),
        ...(s === 0 ? {} : { parentSpanId: hex(t * SPANS_PER_TRACE + 1, 16) }),
        name: `${kind.toLowerCase()}-${s}`,
        kind: 1,
        startTimeUnixNano: `${start}000000`,
        endTimeUnixNano: `${start + 5}000000`,
        attributes,
        status: { code: 0 },
      });
    }
  }
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', 'bench')] },
        scopeSpans: [{ scope: { name: 'bench' }, spans }],
      },
    ],
  };
}

/** The same request as protobuf bytes. */
export function toProtobuf(body: ReturnType<typeof otlpRequest>): Uint8Array {
  return encodeOtlpProtobuf(body);
}

export function langfuseBatch(r: number) {
  const batch = [];
  const ts = new Date(1_700_000_000_000 + r * 1000).toISOString();
  for (let t = 0; t < TRACES_PER_REQUEST; t++) {
    const traceId = `lf-${r}-${t}`;
    batch.push({
      id: `${traceId}-e`,
      type: 'trace-create',
      timestamp: ts,
      body: { id: traceId, name: 'bench', input: TEXT, timestamp: ts },
    });
    for (let s = 0; s < SPANS_PER_TRACE; s++) {
      const isGen = s % 2 === 1;
      batch.push({
        id: `${traceId}-e${s}`,
        type: isGen ? 'generation-create' : 'span-create',
        timestamp: ts,
        body: {
          id: `${traceId}-o${s}`,
          traceId,
          name: `obs-${s}`,
          startTime: ts,
          endTime: ts,
          input: isGen
            ? [
                { role: 'system', content: 'You are an airline agent.' },
                { role: 'user', content: TEXT },
              ]
            : TEXT,
          output: TEXT,
          ...(isGen ? { model: 'gpt-4o', usage: { input: 120, output: 40 } } : {}),
        },
      });
    }
  }
  return { batch, metadata: {} };
}
