/** Something waiting for a sandbox worker on behalf of one tenant (workspace). */
export type Waiting = { tenant: string };

/**
 * How many workers one tenant may hold: all of them while it is the only one waiting, half of
 * them (at least one) while another tenant waits too.
 */
export function shareOf(waiting: readonly Waiting[], size: number): number {
  const tenants = new Set(waiting.map((w) => w.tenant));
  return tenants.size > 1 ? Math.max(1, Math.floor(size / 2)) : size;
}

/**
 * The next waiter to serve: the one whose tenant holds the fewest workers, among tenants under
 * their share (first come first served between equals). `skip` are waiters already planned.
 */
export function nextWaiter<T extends Waiting>(
  waiting: readonly T[],
  load: (tenant: string) => number,
  share: number,
  skip: ReadonlySet<T>,
): T | undefined {
  let best: T | undefined;
  for (const w of waiting) {
    if (skip.has(w) || load(w.tenant) >= share) {
      continue;
    }
    if (!best || load(w.tenant) < load(best.tenant)) {
      best = w;
    }
  }
  return best;
}
