import { LangfuseClient } from '@langfuse/client';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import {
  propagateAttributes,
  setLangfuseTracerProvider,
  startActiveObservation,
} from '@langfuse/tracing';
import { context, propagation, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { Langfuse } from 'langfuse';

const SYSTEM = 'You are a helpful airline agent for HAT Airlines. Always confirm before booking.';

/** Runs the legacy `langfuse` v3 SDK against `baseUrl` (POST /api/public/ingestion). Returns the trace id. */
export async function runLangfuseLegacySdk(opts: {
  baseUrl: string;
  publicKey: string;
  secretKey: string;
  traceId?: string;
  release?: string;
  version?: string;
}): Promise<string> {
  const { traceId, version, ...client } = opts;
  const lf = new Langfuse({ ...client, flushAt: 50, flushInterval: 10_000 });
  const t = lf.trace({
    ...(traceId ? { id: traceId } : {}),
    ...(version ? { version } : {}),
    name: 'support-chat',
    userId: 'user-7',
    sessionId: 'sess-lf',
    input: { question: 'Can I change my flight?' },
    metadata: { plan: 'gold' },
    tags: ['legacy'],
  });
  const span = t.span({ name: 'retrieve-policy', input: { query: 'change flight' } });
  span.end({ output: { docs: ['Changes allowed up to 24h before departure'] } });
  const gen = t.generation({
    name: 'answer',
    model: 'gpt-4o',
    modelParameters: { temperature: 0.2 },
    input: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: 'Can I change my flight?' },
    ],
  });
  gen.end({
    output: { role: 'assistant', content: 'Yes, up to 24 hours before departure.' },
    usage: { input: 200, output: 12, total: 212 },
  });
  t.event({ name: 'user-feedback-shown', input: { widget: 'thumbs' } });
  t.update({ output: 'Yes, up to 24 hours before departure.' });
  t.score({ name: 'user-feedback', value: 1, comment: 'helpful' });
  await lf.shutdownAsync();
  return t.id;
}

/**
 * Runs the current Langfuse SDK (`@langfuse/tracing` + `@langfuse/otel`) against `baseUrl`, set up
 * as Langfuse documents it for Node (a registered Node tracer provider, so `propagateAttributes`
 * reaches every span): trace attributes, release and environment, and an event. `beforeExport` runs
 * once the trace has ended but before its spans leave the exporter's queue (as scores sent right
 * after a run do under the SDKs' default intervals: 1 s for scores, 5 s for spans). Returns the trace id.
 */
export async function runLangfuseOtelSdk(opts: {
  baseUrl: string;
  publicKey: string;
  secretKey: string;
  beforeExport?: (traceId: string) => Promise<void>;
}): Promise<string> {
  const { beforeExport, ...client } = opts;
  const processor = new LangfuseSpanProcessor({
    ...client,
    flushAt: 100,
    flushInterval: 10,
    release: 'r-5',
    environment: 'staging',
  });
  const provider = new NodeTracerProvider({ spanProcessors: [processor] });
  provider.register();
  setLangfuseTracerProvider(provider);
  let traceId = '';
  try {
    await propagateAttributes(
      {
        userId: 'user-9',
        sessionId: 'sess-otel',
        tags: ['v5'],
        version: 'v5.1',
        metadata: { plan: 'pro' },
      },
      () =>
        startActiveObservation(
          'weather-agent',
          async (agent) => {
            traceId = agent.traceId;
            agent.update({ input: { question: 'Weather in Paris?' } });
            const gen = agent.startObservation(
              'llm-call',
              {
                model: 'gpt-4o-mini',
                input: [
                  { role: 'system', content: SYSTEM },
                  { role: 'user', content: 'Weather in Paris?' },
                ],
              },
              { asType: 'generation' },
            );
            gen.update({
              output: { role: 'assistant', content: 'Let me check.' },
              usageDetails: { input: 40, output: 4 },
            });
            gen.end();
            const tool = agent.startObservation(
              'get_weather',
              { input: { city: 'Paris' } },
              { asType: 'tool' },
            );
            tool.update({ output: { temp_c: 18 } });
            tool.end();
            agent.startObservation(
              'answer-shown',
              { input: { widget: 'chat' } },
              { asType: 'event' },
            );
            agent.update({ output: 'It is 18°C in Paris.' });
          },
          { asType: 'agent' },
        ),
    );
    await beforeExport?.(traceId);
    await processor.forceFlush();
  } finally {
    await provider.shutdown();
    setLangfuseTracerProvider(null);
    trace.disable();
    context.disable();
    propagation.disable();
  }
  return traceId;
}

export type ClientScore = {
  name: string;
  value: number | string;
  dataType?: 'NUMERIC' | 'BOOLEAN' | 'CATEGORICAL';
  comment?: string;
};

/** Sends scores for a trace with the current Langfuse client (`@langfuse/client`), as an app does after a run. */
export async function runLangfuseClientScores(opts: {
  baseUrl: string;
  publicKey: string;
  secretKey: string;
  traceId: string;
  scores: ClientScore[];
}): Promise<void> {
  const client = new LangfuseClient({
    baseUrl: opts.baseUrl,
    publicKey: opts.publicKey,
    secretKey: opts.secretKey,
  });
  for (const score of opts.scores) {
    client.score.create({ traceId: opts.traceId, ...score } as Parameters<
      typeof client.score.create
    >[0]);
  }
  await client.score.flush();
  await client.shutdown();
}
