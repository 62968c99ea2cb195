import { describe, expect, it } from 'vitest';
import { emptySpan, emptyTrace, NormalisedTrace } from '../normalised-trace';
import { parseLangfuseIngestion } from '../parsers/langfuse/parse-langfuse-ingestion';
import { ingestionEvent } from '../parsers/langfuse/testing/ingestion-event';
import { parseOtlpTraces } from '../parsers/otlp/parse-otlp-traces';
import { isExactNormalisedTrace } from './exact-normalised';

/** Every key of every object, in order, `undefined` values included: what order-blind equality misses. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(shape);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.keys(value).map((k) => [k, shape((value as Record<string, unknown>)[k])]);
  }
  return value === undefined ? '<undefined>' : value;
}

const str = (key: string, stringValue: string) => ({ key, value: { stringValue } });
const TEXT = 'I would like to change my reservation to a later flight.';

function otlpBody() {
  const traceId = '0af7651916cd43dd8448eb211c80319c';
  const span = (spanId: string, name: string, attributes: unknown[], extra = {}) => ({
    traceId,
    spanId,
    name,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000005000000',
    attributes,
    status: { code: 0 },
    ...extra,
  });
  return {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', 'svc')] },
        scopeSpans: [
          {
            spans: [
              span('00f067aa0ba902b7', 'agent', [
                str('openinference.span.kind', 'AGENT'),
                str('input.value', TEXT),
                str('session.id', 's-1'),
                str('tag.tags', '["a","b"]'),
              ]),
              span(
                '00f067aa0ba902b8',
                'llm',
                [
                  str('openinference.span.kind', 'LLM'),
                  str('llm.model_name', 'gpt-4o'),
                  str('llm.input_messages.0.message.role', 'system'),
                  str('llm.input_messages.0.message.content', 'You are an airline agent.'),
                  str('llm.input_messages.1.message.role', 'user'),
                  str('llm.input_messages.1.message.content', TEXT),
                  str('llm.output_messages.0.message.role', 'assistant'),
                  str('llm.output_messages.0.message.tool_calls.0.tool_call.id', 'call-1'),
                  str(
                    'llm.output_messages.0.message.tool_calls.0.tool_call.function.name',
                    'search',
                  ),
                  str(
                    'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments',
                    '{"q":"flights"}',
                  ),
                  { key: 'llm.token_count.prompt', value: { intValue: 120 } },
                ],
                {
                  parentSpanId: '00f067aa0ba902b7',
                  events: [{ name: 'retry', timeUnixNano: '1700000000001000000', attributes: [] }],
                },
              ),
              span(
                '00f067aa0ba902b9',
                'tool',
                [
                  str('openinference.span.kind', 'TOOL'),
                  str('tool.name', 'search'),
                  str('input.value', '{"q":"flights"}'),
                  str('output.value', TEXT),
                ],
                { parentSpanId: '00f067aa0ba902b7', status: { code: 2, message: 'boom' } },
              ),
            ],
          },
        ],
      },
    ],
  };
}

function langfuseBody() {
  const ts = '2024-01-01T00:00:00.000Z';
  return {
    batch: [
      ingestionEvent('e1', 'trace-create', ts, {
        id: 'lf-1',
        name: 'chat',
        input: TEXT,
        userId: 'u-1',
        tags: ['x'],
        timestamp: ts,
      }),
      ingestionEvent('e2', 'generation-create', ts, {
        id: 'o1',
        traceId: 'lf-1',
        name: 'gen',
        startTime: ts,
        endTime: ts,
        input: [
          { role: 'system', content: 'You are an airline agent.' },
          { role: 'user', content: TEXT },
        ],
        output: { role: 'assistant', content: TEXT },
        model: 'gpt-4o',
        usage: { input: 120, output: 40 },
      }),
      ingestionEvent('e3', 'span-update', ts, { id: 'o2', traceId: 'lf-1', output: TEXT }),
      ingestionEvent('e4', 'score-create', ts, {
        id: 's1',
        traceId: 'lf-1',
        name: 'quality',
        value: 0.5,
      }),
    ],
  };
}

describe('isExactNormalisedTrace', () => {
  const parsed = {
    otlp: parseOtlpTraces(otlpBody()),
    langfuse: parseLangfuseIngestion(langfuseBody(), { now: Date.parse('2024-01-02') }).traces,
  };

  it.each(Object.entries(parsed))(
    'accepts the %s parser output, which the schema answers unchanged',
    (_name, traces) => {
      expect(traces.length).toBeGreaterThan(0);
      for (const t of traces) {
        expect(isExactNormalisedTrace(t)).toBe(true);
        expect(shape(NormalisedTrace.parse(t))).toEqual(shape(t));
      }
    },
  );

  const base = () => {
    const t = emptyTrace('otlp', 'abc');
    t.spans.push(emptySpan('s1', 'root', 1));
    return t;
  };
  it.each<[string, (t: ReturnType<typeof base>) => unknown]>([
    ['an extra trace key', (t) => ({ ...t, extra: 1 })],
    ['trace keys out of order', ({ source, ...rest }) => ({ ...rest, source })],
    ['a missing key', ({ label: _label, ...rest }) => rest],
    ['an empty external id', (t) => ({ ...t, externalId: '' })],
    ['a trace name of 1,001 chars', (t) => ({ ...t, name: 'x'.repeat(1001) })],
    ['a session id of 257 chars', (t) => ({ ...t, sessionId: 'x'.repeat(257) })],
    ['an unknown source', (t) => ({ ...t, source: 'nope' })],
    ['a tag that is not a string', (t) => ({ ...t, tags: [1] })],
    ['a NaN start time', (t) => ({ ...t, startTime: Number.NaN })],
    ['an extra span key', (t) => ({ ...t, spans: [{ ...t.spans[0], extra: 1 }] })],
    ['an unknown span kind', (t) => ({ ...t, spans: [{ ...t.spans[0], kind: 'NOPE' }] })],
    [
      'a span id of 129 chars',
      (t) => ({ ...t, spans: [{ ...t.spans[0], spanId: 'x'.repeat(129) }] }),
    ],
    [
      'an infinite token count',
      (t) => ({ ...t, spans: [{ ...t.spans[0], inputTokens: Number.POSITIVE_INFINITY }] }),
    ],
    [
      'a message with an unknown role',
      (t) => ({ ...t, spans: [{ ...t.spans[0], inputMessages: [{ role: 'bot', content: '' }] }] }),
    ],
    [
      'a message with an extra key',
      (t) => ({
        ...t,
        spans: [{ ...t.spans[0], inputMessages: [{ role: 'user', content: '', x: 1 }] }],
      }),
    ],
    [
      'a message name that is not a string',
      (t) => ({
        ...t,
        spans: [{ ...t.spans[0], inputMessages: [{ role: 'user', content: '', name: 1 }] }],
      }),
    ],
    [
      'a score value that is an object',
      (t) => ({
        ...t,
        scores: [{ externalId: null, name: 'q', value: {}, comment: null, spanId: null }],
      }),
    ],
    ['a label rating outside the list', (t) => ({ ...t, label: { rating: 'great', notes: null } })],
    ['a class instance for metadata', (t) => ({ ...t, metadata: new Map() })],
    ['a sparse span list', (t) => ({ ...t, spans: new Array(1) })],
  ])('leaves %s to the schema', (_name, change) => {
    const t = change(base());
    expect(isExactNormalisedTrace(t)).toBe(false);
    const answered = NormalisedTrace.safeParse(t);
    // either the schema reports it, or it answers a different shape (stripped or reordered keys)
    expect(
      !answered.success || JSON.stringify(shape(answered.data)) !== JSON.stringify(shape(t)),
    ).toBe(true);
  });

  it('accepts the optional keys present or absent, as the schema keeps them', () => {
    const t = base();
    const span = t.spans[0] as Record<string, unknown>;
    span.partial = true;
    span.inputMessages = [{ role: 'user', content: 'hi', name: 'ann' }];
    t.scores.push({ externalId: null, name: 'q', value: 1, comment: null, spanId: null });
    expect(isExactNormalisedTrace(t)).toBe(true);
    expect(shape(NormalisedTrace.parse(t))).toEqual(shape(t));
  });
});
