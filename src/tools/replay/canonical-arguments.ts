import { canonicalJson } from '@/core/canonical-json';

/** Trimmed strings, one zero, nulls dropped (array positions keep a null); keys are sorted by canonicalJson. */
function normalise(value: unknown): unknown {
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
    return value.map((item) => normalise(item) ?? null);
  }
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, normalise(item)]),
    );
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
  return canonicalJson(normalise(value) ?? {});
}
