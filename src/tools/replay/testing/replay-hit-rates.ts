import { createReplayIndex, type RecordedCall } from '../replay-index';

export type CallGroup = 'read' | 'write' | 'pure';
export type HitCount = { calls: number; hits: number; clusterHits: number };
export type HitRates = Record<CallGroup | 'overall', HitCount>;
type TraceCalls = { id: string; task: string; calls: RecordedCall[] };

/** tau-bench airline tools: lookups read, think/calculate are pure, the rest write (or transfer). */
export function tauBenchGroup(name: string): CallGroup {
  if (/^(get|search|list)_/.test(name)) {
    return 'read';
  }
  return name === 'think' || name === 'calculate' ? 'pure' : 'write';
}

function emptyRates(): HitRates {
  const zero = () => ({ calls: 0, hits: 0, clusterHits: 0 });
  return { read: zero(), write: zero(), pure: zero(), overall: zero() };
}

function count(rates: HitRates, group: CallGroup, hit: boolean, cluster: boolean) {
  for (const bucket of [rates[group], rates.overall]) {
    bucket.calls++;
    bucket.hits += hit ? 1 : 0;
    bucket.clusterHits += cluster ? 1 : 0;
  }
}

/**
 * Leave-one-trial-out replay: each trace's tool calls are looked up in the replay index of every
 * other trace, its own task's other trials as the cluster.
 */
export function replayHitRates(traces: TraceCalls[], group: (name: string) => CallGroup) {
  const rates = emptyRates();
  for (const held of traces) {
    const others = traces.filter((t) => t.id !== held.id);
    const index = createReplayIndex(others.flatMap((t) => t.calls));
    const cluster = new Set(others.filter((t) => t.task === held.task).map((t) => t.id));
    for (const call of held.calls) {
      const hit = index.lookup(call.name, call.arguments, { clusterTraceIds: cluster });
      count(rates, group(call.name), hit !== null, hit?.scope === 'cluster');
    }
  }
  return rates;
}

/**
 * The baseline: the same leave-one-trial-out lookup with no normalisation, matching the tool
 * name and the arguments string exactly as the model wrote it.
 */
export function exactHitRates(traces: TraceCalls[], group: (name: string) => CallGroup) {
  const rates = emptyRates();
  const keyOf = (c: RecordedCall) => `${c.name}\u0000${String(c.arguments)}`;
  const replayable = (c: RecordedCall) => c.result !== null || c.error !== null;
  for (const held of traces) {
    const others = traces.filter((t) => t.id !== held.id);
    const all = new Set(others.flatMap((t) => t.calls.filter(replayable).map(keyOf)));
    const cluster = new Set(
      others
        .filter((t) => t.task === held.task)
        .flatMap((t) => t.calls.filter(replayable).map(keyOf)),
    );
    for (const call of held.calls) {
      count(rates, group(call.name), all.has(keyOf(call)), cluster.has(keyOf(call)));
    }
  }
  return rates;
}
