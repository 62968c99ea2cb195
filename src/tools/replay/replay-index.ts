import { canonicalArguments } from './canonical-arguments';

/** One recorded tool call of an agent's trace, with its result. */
export type RecordedCall = {
  traceId: string;
  name: string;
  arguments: unknown;
  result: unknown;
  error: string | null;
};

/** Where a replayed result came from: the task's source trace, its cluster, or any trace. */
export type ReplayScope = 'source' | 'cluster' | 'any';

export type ReplayHit = {
  scope: ReplayScope;
  traceId: string;
  result: unknown;
  error: string | null;
};

export type ReplayLookup = {
  /** The trace the task was taken from. */
  sourceTraceId?: string | null;
  /** The traces of the source trace's cluster (other trials of the same task). */
  clusterTraceIds?: ReadonlySet<string>;
};

export type ReplayIndex = {
  /** The recorded result of the same tool with the same canonical arguments, nearest scope first. */
  lookup(name: string, args: unknown, where?: ReplayLookup): ReplayHit | null;
  /** Up to `limit` recorded calls of a tool (any arguments), nearest scope first: examples for a simulator. */
  examples(name: string, limit: number, where?: ReplayLookup): RecordedCall[];
  readonly size: number;
};

const keyOf = (name: string, args: unknown) => `${name}\u0000${canonicalArguments(args)}`;

/**
 * Indexes recorded tool calls by tool name and canonical arguments. Calls with no recorded
 * result (and no error) are left out: there is nothing to replay.
 */
export function createReplayIndex(calls: Iterable<RecordedCall>): ReplayIndex {
  const byKey = new Map<string, RecordedCall[]>();
  const byName = new Map<string, RecordedCall[]>();
  let size = 0;
  for (const call of calls) {
    if ((call.result === null || call.result === undefined) && call.error === null) {
      continue;
    }
    const key = keyOf(call.name, call.arguments);
    const list = byKey.get(key);
    if (list) {
      list.push(call);
    } else {
      byKey.set(key, [call]);
    }
    const named = byName.get(call.name);
    if (named) {
      named.push(call);
    } else {
      byName.set(call.name, [call]);
    }
    size++;
  }
  const rank = (call: RecordedCall, where: ReplayLookup) =>
    call.traceId === where.sourceTraceId ? 0 : where.clusterTraceIds?.has(call.traceId) ? 1 : 2;
  return {
    size,
    examples(name, limit, where = {}) {
      const all = byName.get(name) ?? [];
      return all
        .map((call, i) => ({ call, i }))
        .sort((a, b) => rank(a.call, where) - rank(b.call, where) || a.i - b.i)
        .slice(0, limit)
        .map(({ call }) => call);
    },
    lookup(name, args, where = {}) {
      const found = byKey.get(keyOf(name, args));
      if (!found) {
        return null;
      }
      const pick = (scope: ReplayScope, call: RecordedCall | undefined): ReplayHit | null =>
        call ? { scope, traceId: call.traceId, result: call.result, error: call.error } : null;
      return (
        pick(
          'source',
          found.find((c) => c.traceId === where.sourceTraceId),
        ) ??
        pick(
          'cluster',
          found.find((c) => where.clusterTraceIds?.has(c.traceId)),
        ) ??
        pick('any', found[0])
      );
    },
  };
}
