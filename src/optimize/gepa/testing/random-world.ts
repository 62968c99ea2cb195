import { Rng } from '../rng';
import type { KeywordTask } from './keyword-world';

export type RandomWorld = {
  tasks: KeywordTask[];
  trainIds: string[];
  valIds: string[];
  testIds: string[];
};

const VOCAB = [
  'alpha',
  'beta',
  'gamma',
  'delta',
  'omega',
  'sigma',
  'kappa',
  'theta',
  'lambda',
  'zeta',
];

/**
 * A seeded keyword world: each task wants 1–3 words and may forbid one, drawn from a small
 * vocabulary with a few "families" so that tasks conflict (one family forbids another's words).
 */
export function randomKeywordWorld(
  seed: number,
  sizes: { train: number; val: number; test: number },
): RandomWorld {
  const rng = Rng.fromSeed(seed);
  const task = (id: string): KeywordTask => {
    const family = rng.int(3);
    const words = VOCAB.slice(family * 3, family * 3 + 4);
    const want = [...new Set(Array.from({ length: 1 + rng.int(3) }, () => rng.choice(words)))];
    const rival = VOCAB.filter((w) => !words.includes(w));
    const avoid = rng.next() < 0.4 ? [rng.choice(rival)] : [];
    return { id, text: `Task ${id.replace(/\d+/, '')} of family ${family}.`, want, avoid };
  };
  const make = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => task(`${prefix}${String(i).padStart(3, '0')}`));
  const train = make('tr', sizes.train);
  const val = make('va', sizes.val);
  const test = make('te', sizes.test);
  return {
    tasks: [...train, ...val, ...test],
    trainIds: train.map((t) => t.id),
    valIds: val.map((t) => t.id),
    testIds: test.map((t) => t.id),
  };
}
