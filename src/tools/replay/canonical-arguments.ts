function canonical(value: unknown): unknown {
  if (value === null || value === undefined) {
    return undefined;
  }
  if (typeof value === 'string') {
    return value.trim();
  }
  if (typeof value === 'number') {
    return Object.is(value, -0) ? 0 : value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => canonical(item) ?? null);
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = canonical((value as Record<string, unknown>)[key]);
      if (item !== undefined) {
        out[key] = item;
      }
    }
    return out;
  }
  return value;
}

/**
 * The replay key of a tool call's arguments: JSON with sorted keys, trimmed strings, numbers in
 * one form (`1.0` and `1` agree), null and absent properties dropped (array positions keep a
 * null). Arguments recorded as a JSON string are parsed first.
 */
export function canonicalArguments(args: unknown): string {
  let value = args;
  if (typeof args === 'string') {
    try {
      value = JSON.parse(args);
    } catch {
      value = args;
    }
  }
  return JSON.stringify(canonical(value) ?? {});
}
