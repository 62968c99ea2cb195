import { encodeOtlpProtobuf } from '@/traces/parsers/otlp/testing/encode-otlp-protobuf';

/** One agent conversation: a user request, then the tools the agent called in order. */
export type AgentTrace = { traceId: string; text: string; toolNames: string[]; startMs: number };

type PlainSpan = {
  spanId: string;
  parentSpanId: string;
  name: string;
  startNs: bigint;
  endNs: bigint;
  attributes: [string, string][];
};

const SYSTEM_PROMPT =
  'You are the support agent of a shop. Confirm with the customer before cancelling.';
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** OpenInference spans as an instrumented agent sends them: AGENT root, one LLM turn, TOOL spans. */
function spansOf(trace: AgentTrace, index: number): PlainSpan[] {
  const ns = (ms: number) => BigInt(trace.startMs + ms) * 1_000_000n;
  const id = (n: number) => hex(index * 16 + n + 1, 16);
  const root = id(0);
  return [
    {
      spanId: root,
      parentSpanId: '',
      name: 'support-agent',
      startNs: ns(0),
      endNs: ns(100),
      attributes: [
        ['openinference.span.kind', 'AGENT'],
        ['input.value', trace.text],
      ],
    },
    {
      spanId: id(1),
      parentSpanId: root,
      name: 'chat',
      startNs: ns(1),
      endNs: ns(10),
      attributes: [
        ['openinference.span.kind', 'LLM'],
        ['llm.model_name', 'gpt-4o-mini'],
        ['llm.input_messages.0.message.role', 'system'],
        ['llm.input_messages.0.message.content', SYSTEM_PROMPT],
        ['llm.input_messages.1.message.role', 'user'],
        ['llm.input_messages.1.message.content', trace.text],
        ['llm.output_messages.0.message.role', 'assistant'],
        ['llm.output_messages.0.message.content', 'Let me look into that.'],
      ],
    },
    ...trace.toolNames.map((name, i) => ({
      spanId: id(2 + i),
      parentSpanId: root,
      name,
      startNs: ns(20 + i * 10),
      endNs: ns(25 + i * 10),
      attributes: [
        ['openinference.span.kind', 'TOOL'],
        ['tool.name', name],
      ] as [string, string][],
    })),
  ];
}

const RESOURCE = [['service.name', 'support-agent']] as [string, string][];

/** An OTLP/JSON body (hex ids, integer kinds) holding the traces. */
export function otlpJsonBody(traces: AgentTrace[]): string {
  const attrs = (pairs: [string, string][]) =>
    pairs.map(([key, value]) => ({ key, value: { stringValue: value } }));
  const spans = traces.flatMap((trace, i) =>
    spansOf(trace, i).map((s) => ({
      traceId: trace.traceId,
      spanId: s.spanId,
      ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
      name: s.name,
      kind: 1,
      startTimeUnixNano: String(s.startNs),
      endTimeUnixNano: String(s.endNs),
      attributes: attrs(s.attributes),
    })),
  );
  return JSON.stringify({
    resourceSpans: [{ resource: { attributes: attrs(RESOURCE) }, scopeSpans: [{ spans }] }],
  });
}

/** The same traces as an OTLP/protobuf body. */
export function otlpProtobufBody(traces: AgentTrace[]): Uint8Array {
  return encodeOtlpProtobuf(JSON.parse(otlpJsonBody(traces)));
}
