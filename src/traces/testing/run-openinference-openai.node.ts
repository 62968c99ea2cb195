import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import OpenAI from 'openai';

/**
 * What a Phoenix user's app sends for a plain chat: the `openai` SDK instrumented by OpenInference
 * (`@arizeai/openinference-instrumentation-openai`), exported over OTLP/protobuf with the project
 * name as a resource attribute, as Phoenix's `register()` sets it up. The model is `llmBaseUrl`
 * (a local server speaking the OpenAI protocol). With `retrieveFirst` the chat runs inside a CHAIN
 * span after a RETRIEVER span, as a RAG app's does: each span is exported as it ends, so the system
 * prompt arrives in a later request than the trace's first span. Returns the trace id (hex).
 */
export async function runOpenInferenceOpenAi(opts: {
  baseUrl: string;
  headers: Record<string, string>;
  llmBaseUrl: string;
  question: string;
  project?: string;
  retrieveFirst?: boolean;
}): Promise<string> {
  const traceIds: string[] = [];
  const recorder: SpanProcessor = {
    onStart: () => {},
    onEnd: (span: ReadableSpan) => {
      traceIds.push(span.spanContext().traceId);
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'phoenix-chat',
      'openinference.project.name': opts.project ?? 'support-bot',
    }),
    spanProcessors: [
      new SimpleSpanProcessor(
        new OTLPTraceExporter({ url: `${opts.baseUrl}/v1/traces`, headers: opts.headers }),
      ),
      recorder,
    ],
  });
  // registered as Phoenix's register() does, so the instrumented call joins the active span
  provider.register();
  const instrumentation = new OpenAIInstrumentation({ tracerProvider: provider });
  instrumentation.manuallyInstrument(OpenAI);
  const client = new OpenAI({ baseURL: opts.llmBaseUrl, apiKey: 'sk-test' });
  const chat = () =>
    client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are a concise support assistant for HAT Airlines.' },
        { role: 'user', content: opts.question },
      ],
    });
  try {
    if (opts.retrieveFirst) {
      await ragChain(provider.getTracer('support-bot'), opts.question, chat);
    } else {
      await chat();
    }
    await provider.forceFlush();
  } finally {
    instrumentation.disable();
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  }
  const [traceId] = traceIds;
  if (!traceId) {
    throw new Error('the OpenInference instrumentation recorded no span');
  }
  return traceId;
}

type Tracer = ReturnType<NodeTracerProvider['getTracer']>;

async function ragChain(tracer: Tracer, question: string, chat: () => Promise<unknown>) {
  await tracer.startActiveSpan(
    'support-rag',
    { attributes: { 'openinference.span.kind': 'CHAIN', 'input.value': question } },
    async (root) => {
      const retriever = tracer.startSpan('retrieve-policy', {
        attributes: { 'openinference.span.kind': 'RETRIEVER', 'input.value': question },
      });
      retriever.setAttribute('retrieval.documents.0.document.content', 'Changes up to 24h before.');
      retriever.end();
      const answer = (await chat()) as { choices: { message: { content: string } }[] };
      root.setAttribute('output.value', answer.choices[0]?.message.content ?? '');
      root.end();
    },
  );
}
