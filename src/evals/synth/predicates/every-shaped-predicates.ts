import { atomGenerality, atomsOf } from '../call-atoms';
import { type MiningExample, minGroupsFor, type Predicate } from '../predicate';
import type { TraceFacts } from '../trace-facts';
import { discrimination } from './call-predicates';
import { GroupTally, groupOf } from './group-tally';

// Mirrored by `_every_shaped` in python-shape-helpers.ts; change both together (parity test).

/** How many "every value was shaped" candidates, the most discriminative, are kept. */
const LIMIT = 20;

/**
 * Every `tool` call's (`''`: any call's) one-word `key` argument had `shape` (an atom `key#S` of
 * call-atoms.ts): "every order looked up was `"ORD-"9{6}`". True when no call had one.
 */
export function everyShaped(facts: TraceFacts, tool: string, key: string, shape: string): boolean {
  const atoms = atomsOf(facts);
  const prefix = `${key}#`;
  const wanted = `${prefix}${shape}`;
  return facts.calls.every((c, k) => {
    const set = atoms[k];
    if ((tool !== '' && c.name !== tool) || !set || set.has(wanted)) {
      return true;
    }
    for (const atom of set) {
      if (atom.startsWith(prefix)) {
        return false;
      }
    }
    return true;
  });
}

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
  return scored.slice(0, LIMIT).map(({ v }) => everyShapedPredicate(v.tool, v.key, v.shape));
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

function everyShapedPredicate(tool: string, key: string, shape: string): Predicate {
  const whose = tool === '' ? 'call' : `'${tool}' call`;
  return {
    id: `every-shaped:${tool}|${key}#${shape}`,
    family: 'call-atom',
    // "a call with this shape was made" (2 to 2.2) with a quantifier over the calls.
    cost: (tool === '' ? 2.3 : 2.5) + atomGenerality(`${key}#${shape}`),
    test: (f) => everyShaped(f, tool, key, shape),
    python: `_every_shaped(f, ${JSON.stringify(tool)}, ${JSON.stringify(key)}, ${JSON.stringify(shape)})`,
    helpers: ['_every_shaped'],
    whenTrue: `every ${whose}'s ${key} was shaped ${shape}`,
    whenFalse: `a ${whose}'s ${key} was not shaped ${shape}`,
  };
}
