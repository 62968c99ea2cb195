import { shuffleSeeded } from '@/evals/metrics/seeded-random';
import type { Rng } from './rng';

/** The epoch-shuffled sampler's state (§1.5), saved with the engine state. */
export type SamplerState = { shuffled: string[]; epoch: number };

export const initialSampler = (): SamplerState => ({ shuffled: [], epoch: -1 });

/**
 * Reshuffles the train ids and pads the list to a multiple of `size` with the least-used ids
 * (ties: the one placed last, as the reference's reversed `most_common` picks).
 */
function reshuffle(trainIds: readonly string[], size: number, rng: Rng): string[] {
  const shuffled = shuffleSeeded(trainIds, () => rng.next());
  const uses = new Map<string, number>(shuffled.map((id) => [id, 1]));
  const pad = (size - (shuffled.length % size)) % size;
  for (let n = 0; n < pad; n++) {
    let pick = shuffled[0] as string;
    let least = Number.POSITIVE_INFINITY;
    for (const id of uses.keys()) {
      const count = uses.get(id) ?? 0;
      if (count <= least) {
        least = count;
        pick = id;
      }
    }
    shuffled.push(pick);
    uses.set(pick, least + 1);
  }
  return shuffled;
}

/**
 * The minibatch of iteration `i` (§1.5): block `[(i*size) mod L, +size)` of the shuffled list; a new
 * epoch reshuffles. `i` also advances on merge iterations, whose blocks are never served.
 */
export function nextMinibatch(
  sampler: SamplerState,
  trainIds: readonly string[],
  size: number,
  i: number,
  rng: Rng,
): { sampler: SamplerState; ids: string[] } {
  if (trainIds.length === 0) {
    throw new Error('cannot sample a minibatch from no train tasks');
  }
  const base = i * size;
  const epoch = sampler.epoch === -1 ? 0 : Math.floor(base / Math.max(sampler.shuffled.length, 1));
  let next = sampler;
  if (sampler.shuffled.length === 0 || epoch > sampler.epoch) {
    next = { shuffled: reshuffle(trainIds, size, rng), epoch };
  }
  const start = base % next.shuffled.length;
  return { sampler: next, ids: next.shuffled.slice(start, start + size) };
}
