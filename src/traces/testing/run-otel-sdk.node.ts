import { context, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpHttpExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

type Attributes = Record<string, string | number | boolean | string[]>;

type Emit = {
  /** Starts a root span, lets `body` add its children, ends it; returns the trace id (hex). */
  withRoot(name: string, attrs: Attributes, body: (root: Span) => void): string;
  /** A child span of `parent`, left open for the caller to end. */
  child(parent: Span, name: string, attrs: Attributes): Span;
  /** A child span of `parent` that ends at once. */
  leaf(parent: Span, name: string, attrs: Attributes): void;
};

const SYSTEM = 'You are a helpful airline agent for HAT Airlines. Always confirm before booking.';

/**
 * Runs the real OpenTelemetry SDK + OTLP exporter against `baseUrl`, emitting three traces: one with
 * OpenInference attributes, one with GenAI semconv (current and deprecated), one with OpenLLMetry.
 * Returns the trace ids (hex).
 */
export async function runOtelSdk(opts: {
  baseUrl: string;
  protocol: 'json' | 'protobuf';
  path?: string;
  headers?: Record<string, string>;
  compression?: 'gzip' | 'none';
}): Promise<string[]> {
  const exporterOpts = {
    url: `${opts.baseUrl}${opts.path ?? '/v1/traces'}`,
    headers: opts.headers ?? {},
    ...(opts.compression === 'gzip' ? { compression: 'gzip' as never } : {}),
  };
  const exporter =
    opts.protocol === 'json'
      ? new OtlpHttpExporter(exporterOpts)
      : new OtlpProtoExporter(exporterOpts);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'airline-agent',
      'deployment.environment': 'test',
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('iofold-conformance', '1.0.0');
  const child: Emit['child'] = (parent, name, attrs) =>
    tracer.startSpan(name, { attributes: attrs }, trace.setSpan(context.active(), parent));
  const emit: Emit = {
    withRoot(name, attrs, body) {
      const span = tracer.startSpan(name, { attributes: attrs });
      body(span);
      span.end();
      return span.spanContext().traceId;
    },
    child,
    leaf: (parent, name, attrs) => child(parent, name, attrs).end(),
  };
  const ids = [emitOpenInference(emit), emitGenAi(emit), emitOpenLlmetry(emit)];

  await provider.forceFlush();
  await provider.shutdown();
  return ids;
}

/** One trace with OpenInference attributes; returns its id. */
function emitOpenInference({ withRoot, child, leaf }: Emit): string {
  const attrs = {
    'openinference.span.kind': 'AGENT',
    'input.value': 'Book me a flight from JFK to SEA on May 20',
    'input.mime_type': 'text/plain',
    'session.id': 'sess-1',
    'user.id': 'user-42',
    metadata: JSON.stringify({ tenant: 'acme', experiment: 'a' }),
    'tag.tags': ['prod', 'airline'],
  };
  return withRoot('airline-agent', attrs, (root) => {
    leaf(root, 'ChatCompletion', {
      'openinference.span.kind': 'LLM',
      'llm.model_name': 'gpt-4o',
      'llm.provider': 'openai',
      'llm.invocation_parameters': JSON.stringify({ temperature: 0 }),
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': SYSTEM,
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.content': 'Book me a flight from JFK to SEA on May 20',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.tool_calls.0.tool_call.id': 'call_1',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'search_direct_flight',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments':
        '{"origin":"JFK","destination":"SEA","date":"2024-05-20"}',
      'llm.token_count.prompt': 120,
      'llm.token_count.completion': 30,
      'llm.token_count.total': 150,
      'llm.cost.total': 0.0012,
    });
    leaf(root, 'search_direct_flight', {
      'openinference.span.kind': 'TOOL',
      'tool.name': 'search_direct_flight',
      'tool.parameters': '{"origin":"JFK","destination":"SEA","date":"2024-05-20"}',
      'input.value': '{"origin":"JFK","destination":"SEA","date":"2024-05-20"}',
      'input.mime_type': 'application/json',
      'output.value': '[{"flight_number":"HAT069"}]',
      'output.mime_type': 'application/json',
    });
    const failing = child(root, 'book_reservation', {
      'openinference.span.kind': 'TOOL',
      'tool.name': 'book_reservation',
    });
    failing.recordException(new Error('payment declined'));
    failing.setStatus({ code: SpanStatusCode.ERROR, message: 'payment declined' });
    failing.end();
    root.setAttribute('output.value', 'I found flight HAT069 but the payment was declined.');
  });
}

/** One trace with GenAI semconv, current attributes and deprecated events; returns its id. */
function emitGenAi({ withRoot, child, leaf }: Emit): string {
  const attrs = {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.agent.name': 'travel',
    'gen_ai.conversation.id': 'conv-9',
  };
  return withRoot('invoke_agent travel', attrs, (g) => {
    leaf(g, 'chat gpt-4o-mini', {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': 50,
      'gen_ai.usage.output_tokens': 12,
      'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: SYSTEM }]),
      'gen_ai.input.messages': JSON.stringify([
        { role: 'user', parts: [{ type: 'text', content: 'What is the weather in Paris?' }] },
      ]),
      'gen_ai.output.messages': JSON.stringify([
        {
          role: 'assistant',
          parts: [
            { type: 'tool_call', id: 'tc_1', name: 'get_weather', arguments: { city: 'Paris' } },
          ],
          finish_reason: 'tool_call',
        },
      ]),
    });
    leaf(g, 'execute_tool get_weather', {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'get_weather',
      'gen_ai.tool.call.id': 'tc_1',
      'gen_ai.tool.call.arguments': '{"city":"Paris"}',
      'gen_ai.tool.call.result': '{"temp_c":18}',
    });
    const old = child(g, 'chat gpt-4o-mini', {
      'gen_ai.system': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.prompt_tokens': 70,
      'gen_ai.usage.completion_tokens': 9,
    });
    old.addEvent('gen_ai.system.message', { 'gen_ai.system': 'openai', content: SYSTEM });
    old.addEvent('gen_ai.user.message', { content: 'What is the weather in Paris?' });
    old.addEvent('gen_ai.tool.message', { content: '{"temp_c":18}', id: 'tc_1' });
    old.addEvent('gen_ai.choice', {
      index: 0,
      finish_reason: 'stop',
      message: JSON.stringify({ role: 'assistant', content: 'It is 18°C in Paris.' }),
    });
    old.end();
  });
}

/** One trace with OpenLLMetry (Traceloop) attributes; returns its id. */
function emitOpenLlmetry({ withRoot, leaf }: Emit): string {
  const attrs = {
    'traceloop.span.kind': 'workflow',
    'traceloop.workflow.name': 'booking',
    'traceloop.entity.name': 'booking',
    'traceloop.entity.input': JSON.stringify({ args: ['cancel my trip'], kwargs: {} }),
    'traceloop.entity.output': JSON.stringify('Your trip is cancelled.'),
    'traceloop.association.properties.session_id': 'tl-sess',
  };
  return withRoot('booking.workflow', attrs, (w) => {
    leaf(w, 'openai.chat', {
      'llm.request.type': 'chat',
      'gen_ai.system': 'OpenAI',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.prompt.0.role': 'system',
      'gen_ai.prompt.0.content': SYSTEM,
      'gen_ai.prompt.1.role': 'user',
      'gen_ai.prompt.1.content': 'cancel my trip',
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.finish_reason': 'tool_calls',
      'gen_ai.completion.0.tool_calls.0.id': 'call_x',
      'gen_ai.completion.0.tool_calls.0.name': 'cancel_reservation',
      'gen_ai.completion.0.tool_calls.0.arguments': '{"reservation_id":"ABC123"}',
      'llm.request.functions.0.name': 'cancel_reservation',
      'gen_ai.usage.prompt_tokens': 80,
      'gen_ai.usage.completion_tokens': 15,
      'llm.usage.total_tokens': 95,
    });
    leaf(w, 'cancel_reservation.tool', {
      'traceloop.span.kind': 'tool',
      'traceloop.entity.name': 'cancel_reservation',
      'traceloop.entity.input': JSON.stringify({ args: [], kwargs: { reservation_id: 'ABC123' } }),
      'traceloop.entity.output': JSON.stringify({ status: 'cancelled' }),
    });
  });
}
