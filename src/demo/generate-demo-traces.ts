import { createSeededRandom, shuffleSeeded } from '@/evals/metrics/seeded-random';
import { MODELS } from './demo-catalog';
import type { DemoTrace, DemoTranscript } from './demo-types';
import { createScenarioContext, isoDate, type Scenario } from './scenario-context';
import { BAD_SCENARIOS } from './scenarios-bad';
import { GOOD_SCENARIOS } from './scenarios-good';
import { renderSystemPrompt } from './system-prompt';

export const DEMO_SCENARIOS: readonly Scenario[] = [...GOOD_SCENARIOS, ...BAD_SCENARIOS];
export const DEFAULT_DEMO_SEED = 42;
export const DEFAULT_DEMO_COUNT = 96;

const START = Date.UTC(2026, 9, 5, 8, 0, 0);
const HOUR = 3_600_000;

/**
 * The demo data set: conversations of a retail support agent ("Skye") with tool calls of varied
 * quality, about a third labelled with notes. Deterministic: the same seed gives the same traces.
 * With `newestAt` (ms) the conversations are dated so the newest starts then (the same spacing),
 * so a demo made today fills the dashboard's charts of the last days.
 */
export function generateDemoTraces(
  options: { seed?: number; count?: number; newestAt?: number } = {},
): DemoTrace[] {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const count = options.count ?? DEFAULT_DEMO_COUNT;
  if (options.newestAt !== undefined) {
    // the same conversations again, started later by the gap (the system prompt's date included)
    const fixed = generateFrom(seed, count, START);
    const newest = Math.max(...fixed.map((g) => Date.parse(g.transcript.metadata.started_at)));
    return generateFrom(seed, count, START + options.newestAt - newest);
  }
  return generateFrom(seed, count, START);
}

function generateFrom(seed: number, count: number, start: number): DemoTrace[] {
  const random = createSeededRandom(seed);
  const labelled = new Set(
    shuffleSeeded(
      Array.from({ length: count }, (_, i) => i),
      random,
    ).slice(0, Math.round(count / 3)),
  );
  const totalWeight = DEMO_SCENARIOS.reduce((sum, s) => sum + s.weight, 0);
  let clock = start;
  return Array.from({ length: count }, (_, index) => {
    // Cycle through every scenario first, so even a small demo shows each kind of failure.
    const scenario =
      index < DEMO_SCENARIOS.length
        ? (DEMO_SCENARIOS[index] as Scenario)
        : weightedPick(DEMO_SCENARIOS, random() * totalWeight);
    clock += Math.round((2 + random() * 10) * HOUR);
    const today = new Date(clock);
    const id = `demo-${seed}-${String(index + 1).padStart(4, '0')}`;
    const ctx = createScenarioContext(random, today, String(index + 1));
    ctx.t.messages.push({
      role: 'system',
      content: renderSystemPrompt({
        date: isoDate(today),
        customerName: ctx.customer.name,
        tier: ctx.customer.tier,
      }),
    });
    const outcome = scenario.run(ctx);
    const transcript: DemoTranscript = {
      id,
      name: 'Support chat',
      metadata: {
        started_at: today.toISOString(),
        customer_tier: ctx.customer.tier,
        model: ctx.pick(MODELS),
        channel: ctx.pick(['web', 'web', 'mobile', 'email']),
      },
      messages: ctx.t.messages,
    };
    if (labelled.has(index)) {
      transcript.label =
        outcome.quality === 'good'
          ? 'positive'
          : outcome.quality === 'bad'
            ? 'negative'
            : ctx.pick(['neutral', 'negative'] as const);
      transcript.notes = outcome.notes;
    }
    return { transcript, scenario: scenario.name, quality: outcome.quality };
  });
}

function weightedPick(scenarios: readonly Scenario[], target: number): Scenario {
  let remaining = target;
  for (const scenario of scenarios) {
    remaining -= scenario.weight;
    if (remaining < 0) {
      return scenario;
    }
  }
  return scenarios[scenarios.length - 1] as Scenario;
}

/** The demo as JSON Lines, the format `iofold import` reads. */
export function demoTracesToJsonl(traces: readonly DemoTrace[]): string {
  return traces.map((t) => `${JSON.stringify(t.transcript)}\n`).join('');
}
