import { type MiningExample, minGroupsFor, type Predicate } from '../predicate';
import { METRIC_NAMES, type MetricName } from '../trace-facts';

const METRIC_LABEL: Record<MetricName, string> = {
  messages: 'messages',
  user_turns: 'user messages',
  assistant_turns: 'assistant messages',
  tool_calls: 'tool calls',
  distinct_tools: 'distinct tools',
  max_calls_per_turn: 'tool calls in one turn',
  assistant_chars: 'characters of assistant text',
  output_chars: 'characters of output',
};

export function isJsonValue(value: unknown): boolean {
  if (typeof value === 'object' && value !== null) {
    return true;
  }
  if (typeof value !== 'string') {
    return false;
  }
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null;
  } catch {
    return false;
  }
}

/** Counts against thresholds seen in training, JSON validity, argument values. */
export function mineShapePredicates(examples: MiningExample[]): Predicate[] {
  const out: Predicate[] = [];
  // Text lengths are surface: on the demo's labels a length threshold fitted the training folds
  // (bad conversations happened to be short) and crowded out the rules the labels meant.
  for (const metric of METRIC_NAMES.filter((m) => !m.endsWith('_chars'))) {
    for (const t of thresholds(examples.map((e) => e.facts.counts[metric]))) {
      out.push({
        id: `metric:${metric}>=${t}`,
        family: 'metric',
        cost: 3,
        test: (f) => f.counts[metric] >= t,
        python: `f["count"][${JSON.stringify(metric)}] >= ${t}`,
        helpers: [],
        note: {
          python: `${JSON.stringify(`${METRIC_LABEL[metric]}: `)} + str(f["count"][${JSON.stringify(metric)}])`,
          helpers: [],
          text: (f) => `${METRIC_LABEL[metric]}: ${f.counts[metric]}`,
          on: 'both',
        },
        whenTrue: `${t} or more ${METRIC_LABEL[metric]}`,
        whenFalse: `fewer than ${t} ${METRIC_LABEL[metric]}`,
      });
    }
  }
  out.push(
    {
      id: 'json:output',
      family: 'json',
      cost: 1.5,
      test: (f) => isJsonValue(f.output),
      python: '_is_json(f["output"])',
      helpers: ['_is_json'],
      whenTrue: 'the output is a JSON object or array',
      whenFalse: 'the output is not a JSON object or array',
    },
    {
      id: 'json:raw-arguments',
      family: 'json',
      cost: 1.5,
      test: (f) => f.calls.some((c) => typeof c.args === 'string'),
      python: 'any(isinstance(c["args"], str) for c in f["calls"])',
      helpers: [],
      whenTrue: 'a tool call had arguments that are not a JSON object',
      whenFalse: 'every tool call had JSON arguments',
    },
  );
  out.push(...mineArgumentPredicates(examples));
  return out;
}

/**
 * Integer cut points `>= t` halfway between adjacent distinct values (the widest margin),
 * at most `max` of them spread over the range.
 */
export function thresholds(values: number[], max = 12): number[] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const distinct = sorted.slice(1).map((v, i) => Math.ceil(((sorted[i] as number) + v) / 2));
  if (distinct.length <= max) {
    return distinct;
  }
  const picked = new Set<number>();
  for (let i = 0; i < max; i++) {
    picked.add(distinct[Math.floor(((i + 0.5) * distinct.length) / max)] as number);
  }
  return [...picked];
}

type ArgValue = string | boolean;

function mineArgumentPredicates(examples: MiningExample[], limit = 40): Predicate[] {
  const seen = new Map<
    string,
    { name: string; key: string; value: ArgValue; traces: Set<number> }
  >();
  examples.forEach((e, i) => {
    for (const c of e.facts.calls) {
      if (typeof c.args !== 'object' || c.args === null || Array.isArray(c.args)) {
        continue;
      }
      for (const [key, value] of Object.entries(c.args)) {
        if (typeof value === 'boolean' || (typeof value === 'string' && value.length <= 40)) {
          const id = JSON.stringify([c.name, key, value]);
          const entry = seen.get(id) ?? { name: c.name, key, value, traces: new Set<number>() };
          entry.traces.add(i);
          seen.set(id, entry);
        }
      }
    }
  });
  const pass = examples.filter((e) => e.label).length;
  const fail = examples.length - pass;
  const minGroups = minGroupsFor(examples);
  const groupCount = (traces: Set<number>) =>
    new Set([...traces].map((i) => examples[i]?.group ?? `#${i}`)).size;
  const scored = [...seen.values()]
    .filter((a) => a.traces.size >= 2 && groupCount(a.traces) >= minGroups)
    .map((a) => {
      let p = 0;
      for (const i of a.traces) {
        p += examples[i]?.label ? 1 : 0;
      }
      const f = a.traces.size - p;
      return { a, score: Math.abs((p + 0.5) / (pass + 1) - (f + 0.5) / (fail + 1)) };
    })
    .sort(
      (x, y) =>
        y.score - x.score || (JSON.stringify(x.a.value) < JSON.stringify(y.a.value) ? -1 : 1),
    );
  return scored.slice(0, limit).map(({ a }) => {
    const shown = JSON.stringify(a.value);
    const pyValue =
      typeof a.value === 'boolean' ? (a.value ? 'True' : 'False') : JSON.stringify(a.value);
    return {
      id: `arg:${a.name}.${a.key}=${shown}`,
      family: 'argument',
      cost: 2.5,
      test: (f) =>
        f.calls.some((c) => {
          if (
            c.name !== a.name ||
            typeof c.args !== 'object' ||
            c.args === null ||
            Array.isArray(c.args)
          ) {
            return false;
          }
          const args = c.args as Record<string, unknown>;
          return Object.hasOwn(args, a.key) && args[a.key] === a.value;
        }),
      python: `_arg_equals(f, ${JSON.stringify(a.name)}, ${JSON.stringify(a.key)}, ${pyValue})`,
      helpers: ['_arg_equals'],
      whenTrue: `'${a.name}' was called with ${a.key}=${shown}`,
      whenFalse: `'${a.name}' was never called with ${a.key}=${shown}`,
    };
  });
}
