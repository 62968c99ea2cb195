import { isRecord } from '../to-eval-messages';

/** Nested attribute objects (Phoenix exports) as OTel-style dotted keys; arrays use indexes. */
export function flattenAttributes(
  value: unknown,
  prefix = '',
  out: Record<string, unknown> = {},
  depth = 0,
): Record<string, unknown> {
  if (depth > 16) {
    out[prefix] = JSON.stringify(value);
    return out;
  }
  if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      flattenAttributes(v, prefix ? `${prefix}.${k}` : k, out, depth + 1);
    }
    return out;
  }
  if (Array.isArray(value) && value.some((v) => isRecord(v) || Array.isArray(v))) {
    value.forEach((v, i) => {
      flattenAttributes(v, `${prefix}.${i}`, out, depth + 1);
    });
    return out;
  }
  if (prefix) {
    out[prefix] = value;
  }
  return out;
}
