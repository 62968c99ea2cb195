import { describe, expect, it } from 'vitest';
import type { DemoMessage } from './demo-types';
import {
  DEMO_SCENARIOS,
  demoTracesToJsonl,
  generateDemoTraces,
  LABELS_PER_FAILURE,
} from './generate-demo-traces';
import { FAILURE_MODES } from './scenario-context';

const WRITE_TOOLS = new Set(['create_return', 'cancel_order', 'update_shipping_address']);

function toolNames(messages: DemoMessage[]): string[] {
  return messages.flatMap((m) =>
    m.role === 'assistant' ? (m.tool_calls ?? []).map((c) => c.function.name) : [],
  );
}

describe('generateDemoTraces', () => {
  const traces = generateDemoTraces();

  it('is deterministic for a seed and differs between seeds', () => {
    expect(demoTracesToJsonl(generateDemoTraces())).toBe(demoTracesToJsonl(traces));
    expect(demoTracesToJsonl(generateDemoTraces({ seed: 7 }))).not.toBe(demoTracesToJsonl(traces));
  });

  it('dates the same conversations up to newestAt when asked, keeping their spacing', () => {
    const newestAt = Date.UTC(2027, 2, 1, 12, 0, 0);
    const recent = generateDemoTraces({ newestAt });
    const starts = (list: typeof traces) =>
      list.map((t) => Date.parse(t.transcript.metadata.started_at));
    expect(Math.max(...starts(recent))).toBe(newestAt);
    const gap = newestAt - Math.max(...starts(traces));
    expect(starts(recent)).toEqual(starts(traces).map((t) => t + gap));
    expect(recent.map((t) => t.transcript.label)).toEqual(traces.map((t) => t.transcript.label));
    // the system prompt's "Today is" moves with them
    expect(recent.at(-1)?.transcript.messages[0]?.content).toContain('Today is 2027-03-01');
  });

  it('makes 96 traces by default with every scenario present and about a third labelled with notes', () => {
    expect(traces).toHaveLength(96);
    expect(new Set(traces.map((t) => t.scenario))).toEqual(
      new Set(DEMO_SCENARIOS.map((s) => s.name)),
    );
    const labelled = traces.filter((t) => t.transcript.label);
    expect(labelled).toHaveLength(32);
    expect(labelled.every((t) => (t.transcript.notes ?? '').length > 10)).toBe(true);
    const ratings = new Set(labelled.map((t) => t.transcript.label));
    expect(ratings.has('positive') && ratings.has('negative')).toBe(true);
    expect(traces.filter((t) => t.quality === 'good').length).toBeGreaterThan(30);
    expect(traces.filter((t) => t.quality !== 'good').length).toBeGreaterThan(25);
  });

  it('labels agree with the ground truth: good traces positive, bad traces negative', () => {
    for (const t of traces.filter((x) => x.transcript.label)) {
      if (t.quality === 'good') {
        expect(t.transcript.label).toBe('positive');
      } else if (t.quality === 'bad') {
        expect(t.transcript.label).toBe('negative');
      }
    }
  });

  it('writes valid OpenAI-style transcripts: one templated system prompt, tool calls answered by id', () => {
    for (const { transcript } of traces) {
      const [system, ...rest] = transcript.messages;
      expect(system?.role).toBe('system');
      expect(system?.content).toMatch(
        /^You are Skye, the customer support assistant for Harbor Outfitters/,
      );
      expect(rest.some((m) => m.role === 'user')).toBe(true);
      const open = new Set<string>();
      for (const m of rest) {
        if (m.role === 'assistant') {
          for (const call of m.tool_calls ?? []) {
            expect(() => JSON.parse(call.function.arguments)).not.toThrow();
            open.add(call.id);
          }
        }
        if (m.role === 'tool') {
          expect(open.delete(m.tool_call_id)).toBe(true);
        }
      }
      expect(open.size).toBe(0);
      expect(JSON.stringify(transcript)).not.toMatch(/quality|scenario/);
    }
  });

  it('good traces confirm before every write action; the confirmation scenarios do not', () => {
    const confirmedFirst = (messages: DemoMessage[]) => {
      let asked = false;
      for (const m of messages) {
        if (
          m.role === 'assistant' &&
          /\?\s*$/.test(m.content ?? '') &&
          !(m.tool_calls ?? []).length
        ) {
          asked = true;
        }
        if (
          m.role === 'assistant' &&
          (m.tool_calls ?? []).some((c) => WRITE_TOOLS.has(c.function.name))
        ) {
          if (!asked) {
            return false;
          }
        }
      }
      return true;
    };
    for (const t of traces) {
      const writes = toolNames(t.transcript.messages).some((n) => WRITE_TOOLS.has(n));
      if (t.quality === 'good' && writes) {
        expect(confirmedFirst(t.transcript.messages.slice(1))).toBe(true);
      }
      if (t.scenario.endsWith('without-confirmation')) {
        expect(confirmedFirst(t.transcript.messages.slice(1))).toBe(false);
      }
    }
  });

  it('includes tool errors, hallucinated answers without tools and transfers to humans', () => {
    const all = traces.map((t) => t.transcript.messages);
    expect(
      all.some((ms) => ms.some((m) => m.role === 'tool' && m.content.startsWith('Error:'))),
    ).toBe(true);
    expect(all.some((ms) => toolNames(ms).length === 0)).toBe(true);
    expect(all.some((ms) => toolNames(ms).includes('transfer_to_human'))).toBe(true);
  });

  it('labels several traces of each failure the demo teaches, in more than one form', () => {
    const teaches = new Map(DEMO_SCENARIOS.map((s) => [s.name, s.teaches]));
    for (const mode of FAILURE_MODES) {
      const labelled = traces.filter((t) => t.transcript.label && teaches.get(t.scenario) === mode);
      expect(labelled.length, mode).toBeGreaterThanOrEqual(LABELS_PER_FAILURE);
      expect(labelled.every((t) => t.transcript.label === 'negative')).toBe(true);
      expect(new Set(labelled.map((t) => t.scenario)).size, mode).toBeGreaterThan(1);
    }
  });

  it('varies its phrasing: no word tells good conversations from bad ones', () => {
    const judged = traces.filter((t) => t.quality !== 'mixed');
    const words = judged.map(
      (t) =>
        new Set(
          JSON.stringify(t.transcript.messages.slice(1))
            .toLowerCase()
            .match(/[a-z]+/g),
        ),
    );
    const good = judged.map((t) => t.quality === 'good');
    const majority = Math.max(good.filter(Boolean).length, good.filter((g) => !g).length);
    let best = '';
    let bestRight = 0;
    for (const word of new Set(words.flatMap((w) => [...w]))) {
      const right = good.filter((g, i) => words[i]?.has(word) === g).length;
      const score = Math.max(right, judged.length - right);
      if (score > bestRight) {
        [best, bestRight] = [word, score];
      }
    }
    // the best single word is right on fewer than 3 in 4 traces, near always guessing the majority
    expect(bestRight / judged.length, best).toBeLessThan(0.75);
    expect(bestRight - majority).toBeLessThan(judged.length * 0.15);
  });
});
