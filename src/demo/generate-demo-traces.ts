import { createSeededRandom, shuffleSeeded } from '@/evals/metrics/seeded-random';
import { MODELS } from './demo-catalog';
import type { DemoTrace, DemoTranscript } from './demo-types';
import { createScenarioContext, isoDate, LESSONS, type Scenario } from './scenario-context';
import { BAD_SCENARIOS } from './scenarios-bad';
import { ERROR_SCENARIOS, RECOVERED_ERROR_SCENARIOS } from './scenarios-errors';
import { GOOD_SCENARIOS } from './scenarios-good';
import { INVENTED_SCENARIOS } from './scenarios-invented';
import { renderSystemPrompt } from './system-prompt';

const GOOD = new Set([...GOOD_SCENARIOS, ...RECOVERED_ERROR_SCENARIOS]);
export const DEMO_SCENARIOS: readonly Scenario[] = [
  ...GOOD,
  ...ERROR_SCENARIOS,
  ...BAD_SCENARIOS,
  ...INVENTED_SCENARIOS,
];
export const DEFAULT_DEMO_SEED = 42;
export const DEFAULT_DEMO_COUNT = 96;
/**
 * Labelled traces of each failure mode, and of tool errors handled well (when the demo has that
 * many), so that generation can learn each failure from several examples and its contrast.
 */
export const LABELS_PER_FAILURE = 5;

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
  const totalWeight = DEMO_SCENARIOS.reduce((sum, s) => sum + s.weight, 0);
  // Every scenario first, so even a small demo shows each kind of failure; then by weight.
  const scenarios = Array.from({ length: count }, (_, index) =>
    index < DEMO_SCENARIOS.length
      ? (DEMO_SCENARIOS[index] as Scenario)
      : weightedPick(DEMO_SCENARIOS, random() * totalWeight),
  );
  const labelled = chooseLabelled(scenarios, Math.round(count / 3), random);
  let clock = start;
  return scenarios.map((scenario, index) => {
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

/**
 * `total` traces to label, in a seeded order: first up to LABELS_PER_FAILURE of each failure mode
 * (taking turns, so a small demo gets some of each), then any others.
 */
function chooseLabelled(scenarios: Scenario[], total: number, random: () => number): Set<number> {
  const order = shuffleSeeded(
    scenarios.map((_, i) => i),
    random,
  );
  const chosen = new Set<number>();
  const taken = (i: number) => [...chosen].filter((j) => scenarios[j] === scenarios[i]).length;
  for (let round = 0; round < LABELS_PER_FAILURE; round++) {
    for (const lesson of LESSONS) {
      // of the scenarios showing it, one labelled least so far (a failure has several forms)
      const next = order
        .filter((i) => !chosen.has(i) && scenarios[i]?.teaches === lesson)
        .sort((a, b) => taken(a) - taken(b))[0];
      if (next !== undefined && chosen.size < total) {
        chosen.add(next);
      }
    }
  }
  // then good conversations, then these failures; the other failures (a wrong tool order, a needless
  // transfer) are left for the user to find and label
  const rank = (i: number) =>
    GOOD.has(scenarios[i] as Scenario) ? 0 : scenarios[i]?.teaches !== undefined ? 1 : 2;
  for (const i of [...order].sort((a, b) => rank(a) - rank(b))) {
    if (chosen.size >= total) {
      break;
    }
    chosen.add(i);
  }
  return chosen;
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
