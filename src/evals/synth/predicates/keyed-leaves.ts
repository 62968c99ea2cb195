/** Deepest level of a JSON value's nesting that is walked for leaves. */
const MAX_DEPTH = 6;

/**
 * A walker of a JSON object's keyed leaves of one kind (`isLeaf`) that `keep` accepts, by key
 * (keys in the order first found, depth first, to `MAX_DEPTH`; lists are walked through, as
 * `flights[].flight_number`). Each object is walked once: the predicates ask about the same
 * arguments and results for every candidate, fold and trace.
 */
export function keyedLeaves<T>(
  isLeaf: (v: unknown) => v is T,
  keep: (v: T) => boolean,
): (value: unknown) => Map<string, T[]> {
  const walked = new WeakMap<object, Map<string, T[]>>();
  const walk = (value: unknown, depth: number, out: Map<string, T[]>): void => {
    if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) {
      return;
    }
    const entries: [string | null, unknown][] = Array.isArray(value)
      ? value.map((v): [null, unknown] => [null, v])
      : Object.entries(value);
    for (const [k, v] of entries) {
      if (k !== null && isLeaf(v)) {
        if (keep(v)) {
          const list = out.get(k);
          if (list) {
            list.push(v);
          } else {
            out.set(k, [v]);
          }
        }
      } else {
        walk(v, depth + 1, out);
      }
    }
  };
  return (value) => {
    if (typeof value !== 'object' || value === null) {
      return new Map();
    }
    let byKey = walked.get(value);
    if (!byKey) {
      byKey = new Map();
      walk(value, 0, byKey);
      walked.set(value, byKey);
    }
    return byKey;
  };
}
