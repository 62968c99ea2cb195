import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';

/**
 * What a Phoenix user's app sends for a plain chat: the `openai` SDK instrumented by OpenInference
 * (`@arizeai/openinference-instrumentation-openai`), exported over OTLP/protobuf with the project
 * name as a resource attribute, as Phoenix's `register()` sets it up. The model is `llmBaseUrl`
 * (a local server speaking the OpenAI protocol). Returns the trace id (hex).
 */
export async function runOpenInferenceOpenAi(opts: {
  baseUrl: string;
  headers: Record<string, string>;
  llmBaseUrl: string;
  question: string;
  project?: string;
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
  const provider = new BasicTracerProvider({
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
  const instrumentation = new OpenAIInstrumentation({ tracerProvider: provider });
  instrumentation.manuallyInstrument(OpenAI);
  try {
    const client = new OpenAI({ baseURL: opts.llmBaseUrl, apiKey: 'sk-test' });
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are a concise support assistant for HAT Airlines.' },
        { role: 'user', content: opts.question },
      ],
    });
    await provider.forceFlush();
  } finally {
    instrumentation.disable();
    await provider.shutdown();
  }
  const [traceId] = traceIds;
  if (!traceId) {
    throw new Error('the OpenInference instrumentation recorded no span');
  }
  return traceId;
}
