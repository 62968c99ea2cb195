/**
 * The record with a patch applied: a null value removes its key, an undefined one leaves it as it
 * is, any other value sets it. `current` itself is not changed.
 */
export function patchRecord<T>(
  current: Record<string, T>,
  patch: Record<string, T | null | undefined>,
): Record<string, T> {
  const next = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete next[key];
    } else if (value !== undefined) {
      next[key] = value;
    }
  }
  return next;
}
