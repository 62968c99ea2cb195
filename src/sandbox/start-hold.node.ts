/**
 * A child that is starting (from its spawn until it says ready: loading Pyodide and the warm-up,
 * about 1 s of CPU in several threads) is stopped (SIGSTOP) while a batch of the pool runs and
 * continued (SIGCONT) once none runs, so that its start does not take the cores from the call
 * (issue #13: the bench's warm single calls made within 3 s of a replacement's spawn ran slower).
 * Two bounds keep the start from starving: a batch holds it at most `maxHoldMs`, and a child is
 * held only while it was held for at most half of the time since its spawn (back-to-back calls:
 * it starts in at most about twice the time). Nothing else changes: the child starts the same way
 * and is offered only once ready. Its price: each stop and continue wakes the child's threads and
 * signals the host (SIGCHLD): 0-0.5 ms more of the host's CPU per call while a child started
 * (under load), mostly after the call (docs/sandbox.md, "What it costs"; bench/sandbox/spare-start.ts).
 */
export type StartHold = {
  /** A child was spawned (held at once while a batch runs). */
  started(worker: Holdable): void;
  /** The child is ready, failed or exited: continued if held, and no longer paced. */
  over(worker: Holdable): void;
  /** How many batches run now: 0 continues the held children, more holds the starting ones. */
  batches(running: number): void;
  stop(): void;
};

export type Holdable = { hold(held: boolean): void };

type Start = { since: number; heldMs: number; heldAt: number | null };

/** The longest a batch holds a starting child (ms): a single-trace call takes 2-5 ms. */
export const MAX_HOLD_MS = 25;

export function holdStarts(maxHoldMs = MAX_HOLD_MS): StartHold {
  const starting = new Map<Holdable, Start>();
  let running = false;
  // the hold of the batches running now: not yet begun, under way (its timer), or over
  let window: 'none' | NodeJS.Timeout | 'over' = 'over';
  const hold = (worker: Holdable, s: Start, now: number) => {
    if (s.heldAt === null && s.heldMs * 2 <= now - s.since) {
      s.heldAt = now;
      worker.hold(true);
    }
  };
  const go = (worker: Holdable, s: Start, now: number) => {
    if (s.heldAt !== null) {
      s.heldMs += now - s.heldAt;
      s.heldAt = null;
      worker.hold(false);
    }
  };
  const goAll = () => {
    const now = performance.now();
    for (const [w, s] of starting) {
      go(w, s, now);
    }
  };
  const begin = () => {
    const now = performance.now();
    for (const [w, s] of starting) {
      hold(w, s, now);
    }
    window = setTimeout(() => {
      window = 'over';
      goAll();
    }, maxHoldMs);
    window.unref();
  };
  const end = (next: 'none' | 'over') => {
    if (typeof window === 'object') {
      clearTimeout(window);
    }
    window = next;
  };
  // continued after the ending batch's caller had its answer (its promise's callbacks run first)
  let later: NodeJS.Immediate | null = null;
  const goLater = () => {
    later ??= setImmediate(() => {
      later = null;
      if (!running) {
        goAll();
      }
    });
  };
  return {
    started(worker) {
      const now = performance.now();
      const s: Start = { since: now, heldMs: 0, heldAt: null };
      starting.set(worker, s);
      if (window === 'none') {
        begin();
      } else if (typeof window === 'object') {
        hold(worker, s, now);
      }
    },
    over(worker) {
      const s = starting.get(worker);
      if (s) {
        go(worker, s, performance.now());
        starting.delete(worker);
      }
    },
    batches(n) {
      if (n > 0 === running) {
        return;
      }
      running = n > 0;
      if (!running) {
        end('over');
        goLater();
      } else if (starting.size > 0) {
        begin();
      } else {
        window = 'none';
      }
    },
    stop() {
      end('over');
      if (later) {
        clearImmediate(later);
        later = null;
      }
      goAll();
      starting.clear();
    },
  };
}
