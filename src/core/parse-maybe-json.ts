/**
 * Parses strings that look like JSON (an object, an array or a string); anything else, and text
 * that does not parse, comes back unchanged.
 */
export function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  const t = value.trimStart();
  if (!(t.startsWith('{') || t.startsWith('[') || t.startsWith('"'))) {
    return value;
  }
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
