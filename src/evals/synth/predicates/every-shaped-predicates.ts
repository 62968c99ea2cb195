import { aOrAn } from '@/core/a-or-an';
import { atomGenerality, atomsOf } from '../call-atoms';
import { shapeInWords } from '../call-classes';
import { type MiningExample, minGroupsFor, type Predicate } from '../predicate';
import { remember, type TraceFacts } from '../trace-facts';
import { discrimination } from './call-predicates';
import { GroupTally, groupOf } from './group-tally';
import { breakNote } from './quantifier-predicates';

// Mirrored by `_every_shaped` in python-shape-helpers.ts; change both together (parity test).

/** How many "every value was shaped" candidates, the most discriminative, are kept. */
const LIMIT = 20;

/**
 * Every `tool` call's (`''`: any call's) one-word `key` argument had `shape` (an atom `key#S` of
 * call-atoms.ts): "every order looked up was `"ORD-"9{6}`". True when no call had one.
 */
export function everyShaped(
  facts: TraceFacts,
  tool: string,
  key: string,
  shape: string | string[],
): boolean {
  return shapeBreak(facts, tool, key, typeof shape === 'string' ? [shape] : shape) === null;
}

/**
 * The first `tool` call (`''`: any call) whose one-word `key` argument had none of `shapes`, and
 * that value (`_shape_break` in python-shape-helpers.ts); null when every one had one.
 */
export function shapeBreak(
  facts: TraceFacts,
  tool: string,
  key: string,
  shapes: string[],
): { k: number; value: string } | null {
  const atoms = atomsOf(facts);
  const prefix = `${key}#`;
  const wanted = shapes.map((s) => `${prefix}${s}`);
  for (const [k, c] of facts.calls.entries()) {
    const set = atoms[k];
    if ((tool !== '' && c.name !== tool) || !set || wanted.some((w) => set.has(w))) {
      continue;
    }
    for (const atom of set) {
      if (atom.startsWith(prefix)) {
        return { k, value: String((c.args as Record<string, unknown>)[argumentOf(key)]) };
      }
    }
  }
  return null;
}

/**
 * The argument a shape's key names: `message` of `message^`, whose atoms (`message^#A+-{1}9+`)
 * are the shape its value starts with (call-atoms.ts `headShape`).
 */
const argumentOf = (key: string) => (key.endsWith('^') ? key.slice(0, -1) : key);

/**
 * The shapes every value of one argument had in the passing traces (a fixed prefix and digits, a
 * class set with a length), as "every value was shaped S": the positives generalised, where
 * "a call with shape X was made" names one look-alike at a time. A shape is a candidate when
 * passing traces of several groups had it and a failing trace broke it.
 */
export function mineEveryShapedPredicates(examples: MiningExample[]): Predicate[] {
  const minGroups = Math.min(2, minGroupsFor(examples));
  const common = examples.map((e) => commonShapes(e.facts));
  const tally = new GroupTally<{ tool: string; key: string; shape: string }>();
  examples.forEach((e, i) => {
    if (!e.label) {
      return;
    }
    tally.addTrace(e.facts, 'every-shaped', groupOf(e, i), function* () {
      for (const [id, shapes] of commonShapes(e.facts)) {
        const [tool, key] = JSON.parse(id) as [string, string];
        for (const shape of shapes) {
          yield [JSON.stringify([tool, key, shape]), { tool, key, shape }];
        }
      }
    });
  });
  const scored = tally
    .frequent(minGroups)
    .map((v) => {
      const id = JSON.stringify([v.tool, v.key]);
      const answers = common.map((m) => m.get(id)?.has(v.shape) ?? true);
      return { v, answers, score: discrimination(examples, (i) => answers[i] as boolean) };
    })
    .filter(({ answers }) => examples.some((e, i) => !e.label && !answers[i]))
    .sort((a, b) => b.score - a.score);
  return [
    ...scored.slice(0, LIMIT).map(({ v }) => everyShapedPredicate(v.tool, v.key, [v.shape])),
    ...shapePairs(examples, minGroups),
  ];
}

/** How many shapes of one argument's passing values are paired, and how many pairs are kept. */
const PAIRED = 16;
const PAIRS = 10;
/** How many distinct passing values each shape of a pair must have been seen on. */
const PAIR_VALUES = 3;

/**
 * Identifiers that come in two shapes (`INC` and seven digits, or `CHG-` and six): "every value
 * was shaped S or T", for pairs of the shapes the passing traces' values had in several groups,
 * when the pair holds on passing traces of more groups than either shape alone and a failing
 * trace breaks it (the most discriminative `PAIRS`). Each shape of a pair generalises values:
 * it was seen on `PAIR_VALUES` distinct passing values or more, and it is not the shape of free
 * text (words with spaces between them, whose word lengths are no identifier's shape): two titles
 * repeated across the labels otherwise fit a pair of their exact shapes, which no new title has.
 */
function shapePairs(examples: MiningExample[], minGroups: number): Predicate[] {
  const values = examples.map((e) => valueShapes(e.facts));
  const groupIds = examples.map((e, i) => groupOf(e, i));
  const seen = new Map<string, Map<string, { groups: Set<string>; values: Set<string> }>>();
  examples.forEach((e, i) => {
    if (!e.label) {
      return;
    }
    for (const [id, list] of values[i] as Map<string, ValueShapes[]>) {
      const byShape = remember(seen, id, () => new Map());
      for (const { value, shapes } of list) {
        for (const shape of shapes) {
          const had = remember(byShape, shape, () => ({ groups: new Set(), values: new Set() }));
          had.groups.add(groupIds[i] as string);
          had.values.add(value);
        }
      }
    }
  });
  const found: { tool: string; key: string; pair: [string, string]; score: number }[] = [];
  for (const [id, byShape] of [...seen].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const shapes = [...byShape]
      .filter(
        ([shape, g]) =>
          g.groups.size >= minGroups && g.values.size >= PAIR_VALUES && !FREE_TEXT.test(shape),
      )
      .sort((a, b) => b[1].groups.size - a[1].groups.size || (a[0] < b[0] ? -1 : 1))
      .slice(0, PAIRED)
      .map(([shape]) => shape);
    const [tool, key] = JSON.parse(id) as [string, string];
    found.push(...pairsOf(examples, groupIds, values, id, shapes, minGroups, tool, key));
  }
  return found
    .sort((a, b) => b.score - a.score)
    .slice(0, PAIRS)
    .map((v) => everyShapedPredicate(v.tool, v.key, v.pair));
}

/**
 * The pairs of `shapes` that qualify (`shapePairs`) for one tool and argument: per trace, which of
 * its values (the first 30) have each shape, as bits, so that a pair fits a trace when the two
 * masks cover every value.
 */
function pairsOf(
  examples: MiningExample[],
  groupIds: string[],
  values: Map<string, ValueShapes[]>[],
  id: string,
  shapes: string[],
  minGroups: number,
  tool: string,
  key: string,
) {
  const lists = values.map((v) => (v.get(id) ?? []).slice(0, 30));
  const full = lists.map((list) => 2 ** list.length - 1);
  const masks = shapes.map((shape) =>
    lists.map((list) => list.reduce((m, v, k) => (v.shapes.has(shape) ? m | (1 << k) : m), 0)),
  );
  const supported = (fits: (i: number) => boolean) => {
    const groups = new Set<string>();
    examples.forEach((e, i) => {
      if (e.label && (full[i] as number) > 0 && fits(i)) {
        groups.add(groupIds[i] as string);
      }
    });
    return groups.size;
  };
  const alone = masks.map((m) => supported((i) => m[i] === full[i]));
  const out: { tool: string; key: string; pair: [string, string]; score: number }[] = [];
  const best = Math.max(0, ...alone);
  if (best === supported(() => true)) {
    // one shape holds on every passing trace with a value here: no pair holds on more
    return out;
  }
  for (let a = 0; a < shapes.length; a++) {
    for (let b = a + 1; b < shapes.length; b++) {
      const [x, y] = [masks[a] as number[], masks[b] as number[]];
      const answers = full.map((f, i) => ((x[i] as number) | (y[i] as number)) === f);
      const groups = supported((i) => answers[i] as boolean);
      if (
        groups >= minGroups &&
        groups > Math.max(alone[a] as number, alone[b] as number) &&
        groups >= best &&
        examples.some((e, i) => !e.label && !answers[i])
      ) {
        const score = discrimination(examples, (i) => answers[i] as boolean);
        const pair = [shapes[a], shapes[b]].sort() as [string, string];
        out.push({ tool, key, pair, score });
      }
    }
  }
  return out;
}

/** A value of one argument and its shapes. */
type ValueShapes = { value: string; shapes: Set<string> };
/** A shape of words with whitespace between them (call-atoms.ts keeps a short text's runs). */
const FREE_TEXT = /[ \t\n\r]/;

const valueMemo = new WeakMap<TraceFacts, Map<string, ValueShapes[]>>();

/** Per tool (and `''`, any tool) and argument, each of the trace's values there with its shapes. */
function valueShapes(facts: TraceFacts): Map<string, ValueShapes[]> {
  let out = valueMemo.get(facts);
  if (out) {
    return out;
  }
  out = new Map();
  const atoms = atomsOf(facts);
  for (const [k, c] of facts.calls.entries()) {
    const byKey = new Map<string, Set<string>>();
    for (const atom of atoms[k] ?? []) {
      const hash = atom.indexOf('#');
      if (hash > 0) {
        remember(byKey, atom.slice(0, hash), () => new Set<string>()).add(atom.slice(hash + 1));
      }
    }
    for (const [key, shapes] of byKey) {
      const value = String((c.args as Record<string, unknown>)[argumentOf(key)]);
      for (const tool of [c.name, '']) {
        remember(out, JSON.stringify([tool, key]), () => []).push({ value, shapes });
      }
    }
  }
  valueMemo.set(facts, out);
  return out;
}

/**
 * Per tool (and `''`, any tool) and argument, the shapes every one of the trace's values there
 * had: what `everyShaped` asks, answered for every shape at once (memoised on the facts).
 */
function commonShapes(facts: TraceFacts): Map<string, Set<string>> {
  if (facts.commonShapes) {
    return facts.commonShapes;
  }
  const out = new Map<string, Set<string>>();
  const atoms = atomsOf(facts);
  facts.calls.forEach((c, k) => {
    const byKey = new Map<string, string[]>();
    for (const atom of atoms[k] ?? []) {
      const hash = atom.indexOf('#');
      if (hash > 0) {
        const key = atom.slice(0, hash);
        byKey.set(key, [...(byKey.get(key) ?? []), atom.slice(hash + 1)]);
      }
    }
    for (const [key, shapes] of byKey) {
      for (const tool of [c.name, '']) {
        const id = JSON.stringify([tool, key]);
        const had = out.get(id);
        out.set(id, had ? new Set(shapes.filter((s) => had.has(s))) : new Set(shapes));
      }
    }
  });
  facts.commonShapes = out;
  return out;
}

/** A shape in plain words, in the past: "was 'ORD-' then 6 digits", "started with 'feat-'". */
const wasShaped = (shape: string) =>
  (shapeInWords(shape) ?? `is shaped ${shape}`)
    .replace(/^is /, 'was ')
    .replace(/^starts /, 'started ');
const notShaped = (said: string) =>
  said.startsWith('was ') ? `was not ${said.slice(4)}` : `did not start ${said.slice(8)}`;

/** How a value started (`message^`'s shape): "started with a word that is capital letters, ...". */
const startedShaped = (shape: string) =>
  `started with a word that ${shapeInWords(shape) ?? `is shaped ${shape}`}`;

function everyShapedPredicate(tool: string, key: string, shapes: string[]): Predicate {
  const whose = tool === '' ? 'call' : `'${tool}' call`;
  const arg = argumentOf(key);
  const said = shapes.map(arg !== key ? startedShaped : wasShaped);
  return {
    id: `every-shaped:${tool}|${key}#${shapes.join('#')}`,
    family: 'call-atom',
    // "a call with this shape was made" (2 to 2.2) with a quantifier over the calls; a second
    // shape is one more thing fitted to the labels.
    cost:
      (tool === '' ? 2.3 : 2.5) +
      0.3 * (shapes.length - 1) +
      shapes.reduce((sum, s) => sum + atomGenerality(`${key}#${s}`), 0),
    test: (f) => everyShaped(f, tool, key, shapes),
    python: `_every_shaped(f, ${JSON.stringify(tool)}, ${JSON.stringify(key)}, ${JSON.stringify(shapes)})`,
    helpers: ['_every_shaped'],
    // the value that broke it, and its call
    note: {
      python: `_break_note(_shape_break(f, ${JSON.stringify(tool)}, ${JSON.stringify(key)}, ${JSON.stringify(shapes)}))`,
      helpers: ['_break_note', '_shape_break'],
      text: (f) => breakNote(shapeBreak(f, tool, key, shapes)),
      on: 'false',
    },
    whenTrue: `every ${whose}'s ${arg} ${said.join(', or ')}`,
    whenFalse: `${aOrAn(`${whose}'s`)} ${arg} ${said.map(notShaped).join(' and ')}`,
  };
}
