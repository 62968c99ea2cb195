/** Counts what condensation removed, so the prompt can say so. */
export type ClipStats = { stringsCut: number; itemsCut: number };

/**
 * Cuts a long string to about `max` characters with a visible marker. When a relevant term lies
 * past the cut, a window around it is kept too, so what the label is about survives.
 */
export function clipString(text: string, max: number, terms: string[], stats: ClipStats): string {
  if (text.length <= max) {
    return text;
  }
  stats.stringsCut += 1;
  const lower = text.toLowerCase();
  const hit = terms
    .map((term) => lower.indexOf(term))
    .filter((index) => index >= 0)
    .sort((a, b) => a - b)[0];
  if (hit !== undefined && hit > max * 0.6) {
    const half = Math.floor(max / 2);
    const start = Math.max(half, hit - Math.floor(max / 4));
    const end = Math.min(text.length, start + half);
    return `${text.slice(0, half)} …[${start - half} chars cut]… ${text.slice(start, end)}${
      end < text.length ? ` …[+${text.length - end} chars]` : ''
    }`;
  }
  return `${text.slice(0, max)} …[+${text.length - max} chars]`;
}

/** Deep copy of a JSON-like value with long strings and long arrays clipped. */
export function clipValue(
  value: unknown,
  limits: { maxString: number; maxItems: number; depth?: number },
  terms: string[],
  stats: ClipStats,
): unknown {
  const depth = limits.depth ?? 0;
  if (typeof value === 'string') {
    return clipString(value, limits.maxString, terms, stats);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (depth > 6) {
    stats.itemsCut += 1;
    return '[nested value omitted]';
  }
  const next = { ...limits, depth: depth + 1 };
  if (Array.isArray(value)) {
    const kept = value.slice(0, limits.maxItems).map((item) => clipValue(item, next, terms, stats));
    if (value.length > limits.maxItems) {
      stats.itemsCut += value.length - limits.maxItems;
      kept.push(`[… ${value.length - limits.maxItems} more items]`);
    }
    return kept;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    out[key] = clipValue(item, next, terms, stats);
  }
  return out;
}

const STOPWORDS = new Set(
  'about after again also because before being could does doing should their there these this those through under until were what when where which while with would your have from that than then they them into only over some such very just more most other'.split(
    ' ',
  ),
);

/** Words from the labellers' notes worth keeping in view (lowercase, 4+ letters, no stopwords). */
export function relevantTerms(notes: (string | null | undefined)[]): string[] {
  const words = new Set<string>();
  for (const note of notes) {
    for (const word of (note ?? '').toLowerCase().match(/[a-z_][a-z0-9_]{3,}/g) ?? []) {
      if (!STOPWORDS.has(word)) {
        words.add(word);
      }
    }
  }
  return [...words].slice(0, 40);
}
