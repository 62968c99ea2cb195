import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAppError } from '@/core/errors';
import { tauBenchFile as tauFile } from '@/optimize/testing/shared-data';
import { callsTools } from '@/traces/testing/openai-messages';
import { deriveEvalView } from '../derive-eval-view';
import { parseChatTranscript } from './parse-chat-transcript';

const transcript = {
  id: 'conv-1',
  label: 'negative',
  notes: 'booked without confirmation',
  customer_tier: 'gold',
  metadata: { region: 'eu' },
  messages: [
    { role: 'system', content: 'You are a booking agent. Always confirm before booking.' },
    { role: 'user', content: 'Book HAT001 for me' },
    callsTools(null, ['c1', 'book', '{"flight":"HAT001"}']),
    { role: 'tool', tool_call_id: 'c1', name: 'book', content: 'Error: payment declined' },
    { role: 'assistant', content: 'Sorry, the payment was declined.' },
    { role: 'user', content: 'ok bye' },
  ],
};

describe('parseChatTranscript', () => {
  it('makes one trace whose eval view has the steps, tool calls with results, and every message', () => {
    const trace = parseChatTranscript(transcript);
    expect(trace.externalId).toBe('conv-1');
    expect(trace.metadata).toEqual({ id: 'conv-1', customer_tier: 'gold', region: 'eu' });
    expect(trace.label).toEqual({ rating: 'negative', notes: 'booked without confirmation' });
    const { view, columns } = deriveEvalView(trace);
    expect(view.messages).toHaveLength(6);
    expect(view.messages[5]).toEqual({ role: 'user', content: 'ok bye' });
    expect(view.steps).toHaveLength(2);
    expect(view.steps[0]!.tool_calls).toEqual([
      {
        id: 'c1',
        name: 'book',
        arguments: { flight: 'HAT001' },
        result: 'Error: payment declined',
        error: 'Error: payment declined',
      },
    ]);
    expect(view.steps[1]!.input).toEqual([
      { role: 'tool', content: 'Error: payment declined', tool_call_id: 'c1', name: 'book' },
    ]);
    expect(view.input).toBe('Book HAT001 for me');
    expect(view.output).toBe('Sorry, the payment was declined.');
    expect(columns).toMatchObject({
      stepCount: 2,
      toolCallCount: 1,
      errorCount: 1,
      hasErrors: true,
      durationMs: null,
    });
    expect(columns.systemPrompt).toBe('You are a booking agent. Always confirm before booking.');
  });

  it('keeps record fields and metadata keys named __proto__ as keys, not as the prototype', () => {
    const record = JSON.parse('{"__proto__":"gold","metadata":{"__proto__":{"tier":"eu"}}}');
    const trace = parseChatTranscript({ ...record, id: 'conv-p', messages: transcript.messages });
    expect(Object.getPrototypeOf(trace.metadata)).toBe(Object.prototype);
    expect(JSON.stringify(trace.metadata)).toContain('"__proto__":{"tier":"eu"}');
    const scalar = parseChatTranscript({ ...JSON.parse('{"__proto__":"gold"}'), messages: [] });
    expect(JSON.stringify(scalar.metadata)).toContain('"__proto__":"gold"');
  });

  it('dates the trace from metadata.started_at, spans in order from that time', () => {
    const at = '2026-10-05T10:00:00.000Z';
    const trace = parseChatTranscript({ ...transcript, metadata: { started_at: at } });
    expect(trace.startTime).toBe(Date.parse(at));
    expect(trace.metadata.started_at).toBe(at);
    const starts = trace.spans.map((s) => s.startTime);
    expect(starts[0]).toBe(Date.parse(at));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(parseChatTranscript(transcript).startTime).toBeNull();
    expect(parseChatTranscript({ ...transcript, started_at: 'soon' }).startTime).toBeNull();
  });

  it('accepts a bare message array and derives a stable id from the content', () => {
    const a = parseChatTranscript(transcript.messages);
    const b = parseChatTranscript(structuredClone(transcript.messages));
    expect(a.externalId).toMatch(/^sha-[0-9a-f]{28}$/);
    expect(b.externalId).toBe(a.externalId);
    expect(parseChatTranscript(transcript.messages.slice(0, 2)).externalId).not.toBe(a.externalId);
  });

  it('rejects records without messages or with unknown roles, naming the message', () => {
    const codeOf = (fn: () => unknown): [string, string] | null => {
      try {
        fn();
        return null;
      } catch (e) {
        return isAppError(e) ? [e.code, e.message] : ['not an AppError', String(e)];
      }
    };
    expect(codeOf(() => parseChatTranscript({ foo: 1 }))?.[0]).toBe('VALIDATION');
    expect(codeOf(() => parseChatTranscript([{ role: 'wizard', content: 'x' }]))).toEqual([
      'VALIDATION',
      'message 0 is not a chat message (needs a known role)',
    ]);
  });

  it.skipIf(!tauFile)(
    'imports all 200 tau-bench trajectories with every tool call answered',
    () => {
      const records = JSON.parse(readFileSync(tauFile as string, 'utf8')) as {
        traj: unknown[];
        reward: number;
        task_id: number;
        trial: number;
      }[];
      const traces = records.map((r) => parseChatTranscript(r));
      expect(new Set(traces.map((t) => t.externalId)).size).toBe(200);
      for (const [i, t] of traces.entries()) {
        const { view } = deriveEvalView(t);
        expect(view.messages).toHaveLength(records[i]!.traj.length);
        expect(view.metadata).toEqual({
          task_id: records[i]!.task_id,
          trial: records[i]!.trial,
          reward: records[i]!.reward,
        });
        expect(t.label).toBeNull();
        for (const step of view.steps) {
          for (const call of step.tool_calls) {
            expect(call.result).not.toBeNull();
          }
        }
      }
      const calls = traces.flatMap((t) =>
        deriveEvalView(t).view.steps.flatMap((s) => s.tool_calls),
      );
      expect(calls).toHaveLength(1164);
      // tau-bench reuses a call id within one conversation: results still pair with the right call
      const first = deriveEvalView(traces[0]!).view.steps.flatMap((s) => s.tool_calls);
      expect(first.map((c) => c.name).slice(0, 3)).toEqual([
        'get_user_details',
        'search_direct_flight',
        'search_onestop_flight',
      ]);
      expect(JSON.stringify(first[2]!.result)).toContain('HAT057');
    },
  );

  it.skipIf(!tauFile)('maps reward to a label only when asked', () => {
    const [r] = JSON.parse(readFileSync(tauFile as string, 'utf8')) as unknown[];
    expect(parseChatTranscript(r, { labelField: 'reward' }).label).toEqual({
      rating: 'negative',
      notes: null,
    });
  });
});
