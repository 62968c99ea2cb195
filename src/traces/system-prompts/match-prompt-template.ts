import { alignTokens, tokenise } from './align-tokens';

const SLOT = /^\{\{\s*([\w.-]+)\s*\}\}$/;
const SLOT_SPLIT = /(\{\{\s*[\w.-]+\s*\}\})/;

/** Share of tokens two prompts must have in common (outside slots) to be one template. */
export const TEMPLATE_SIMILARITY = 0.7;

export type TemplateMatch = {
  /** matched literal tokens / the larger side's non-slot tokens, 0..1 */
  similarity: number;
  /** The template that covers both: the same one, or one with new `{{var_N}}` slots where they differ. */
  template: string;
  variables: string[];
  /** Values this prompt gives each variable. */
  values: Record<string, string>;
  /** True when new slots had to be added (the template was generalised). */
  generalised: boolean;
};

type Part = { slot: string } | { text: string };

function parseTemplate(template: string): Part[] {
  const parts: Part[] = [];
  for (const piece of template.split(SLOT_SPLIT)) {
    const slot = SLOT.exec(piece);
    if (slot) {
      parts.push({ slot: slot[1] as string });
    } else {
      for (const t of tokenise(piece)) {
        parts.push({ text: t });
      }
    }
  }
  return parts;
}

export function templateVariables(template: string): string[] {
  return [...new Set(parseTemplate(template).flatMap((p) => ('slot' in p ? [p.slot] : [])))];
}

/**
 * Aligns a prompt with a template by tokens. Gaps that a template slot spans become that slot's
 * value; other gaps become new slots. Pure and deterministic.
 */
export function matchPromptTemplate(template: string, prompt: string): TemplateMatch {
  const parts = parseTemplate(template);
  const tokens = tokenise(prompt);
  const keys = parts.map((p) => ('slot' in p ? '\u0000slot' : p.text));
  const used = new Set(templateVariables(template));
  let next = 1;
  const fresh = () => {
    while (used.has(`var_${next}`)) {
      next++;
    }
    used.add(`var_${next}`);
    return `var_${next}`;
  };

  const matched = refineAlignment(alignTokens(keys, tokens), keys, tokens);
  const out: string[] = [];
  const values: Record<string, string> = {};
  let generalised = false;
  let absorbedWords = 0;
  const emitGap = (ti: number, tj: number, pi: number, pj: number) => {
    if (ti === tj && pi === pj) {
      return;
    }
    const gapParts = parts.slice(ti, tj);
    const text = tokens.slice(pi, pj).join('');
    const slots = gapParts.filter((p): p is { slot: string } => 'slot' in p);
    const literal = (ps: Part[]) => ps.map((p) => ('text' in p ? p.text : '')).join('');
    const slotAt = gapParts.findIndex((p) => 'slot' in p);
    if (slots.length === 1) {
      const lead = literal(gapParts.slice(0, slotAt));
      const trail = literal(gapParts.slice(slotAt + 1));
      if (
        lead.trim() === '' &&
        trail.trim() === '' &&
        text.startsWith(lead) &&
        text.endsWith(trail) &&
        text.length >= lead.length + trail.length
      ) {
        const name = (slots[0] as { slot: string }).slot;
        out.push(`${lead}{{${name}}}${trail}`);
        values[name] = text.slice(lead.length, text.length - trail.length);
        absorbedWords += tokens.slice(pi, pj).filter(isWord).length;
        return;
      }
    }
    if (text.trim() === '' && literal(gapParts).trim() === '' && slots.length === 0) {
      out.push(literal(gapParts));
      return;
    }
    const name = slots[0]?.slot ?? fresh();
    out.push(`{{${name}}}`);
    values[name] = text;
    generalised = true;
  };

  let ti = 0;
  let pi = 0;
  for (const [a, b] of matched) {
    emitGap(ti, a, pi, b);
    out.push((parts[a] as { text: string }).text);
    ti = a + 1;
    pi = b + 1;
  }
  emitGap(ti, parts.length, pi, tokens.length);

  const matchedWords = matched.filter(([, b]) => isWord(tokens[b] as string)).length;
  const templateWords = parts.filter((p) => 'text' in p && isWord(p.text)).length;
  const promptWords = tokens.filter(isWord).length - absorbedWords;
  const denominator = Math.max(templateWords, promptWords, 1);
  const templateOut = out.join('');
  return {
    similarity: matchedWords / denominator,
    template: templateOut,
    variables: templateVariables(templateOut),
    values,
    generalised,
  };
}

const WORD = /[\p{L}\p{N}_]/u;
const isWord = (t: string) => WORD.test(t);
const isSpace = (t: string | undefined) => t === undefined || t.trim() === '';
/** Brackets, quotes and separators frame values; a run with one keeps two values apart. */
const FRAMES = /[()[\]{}<>"“”«»,;:|]/;

/**
 * Makes gaps read like values: a gap takes in the rest of the word-ish chunk it sits in (so
 * `2024-05-01` is one value, not `2024-{{a}}-{{b}}`), and a matched run of only spaces and
 * joining punctuation between two gaps joins them (so `Alice Smith` is one value, while
 * `Alice (gold` stays two).
 */
function refineAlignment(
  pairs: [number, number][],
  keys: string[],
  tokens: string[],
): [number, number][] {
  const matchedAt = new Map(pairs.map(([a, b]) => [b, a]));
  const isGapToken = (j: number) => j >= 0 && j < tokens.length && !matchedAt.has(j);
  let changed = true;
  while (changed) {
    changed = false;
    for (let j = 0; j < tokens.length; j++) {
      if (!isGapToken(j) || isSpace(tokens[j])) {
        continue;
      }
      const prev = tokens[j - 1];
      const beforePrev = tokens[j - 2];
      if (
        matchedAt.has(j - 1) &&
        !isSpace(prev) &&
        (isWord(prev as string) || (beforePrev !== undefined && isWord(beforePrev)))
      ) {
        matchedAt.delete(j - 1);
        changed = true;
      }
      const next = tokens[j + 1];
      const afterNext = tokens[j + 2];
      if (
        matchedAt.has(j + 1) &&
        !isSpace(next) &&
        (isWord(next as string) || (afterNext !== undefined && isWord(afterNext)))
      ) {
        matchedAt.delete(j + 1);
        changed = true;
      }
    }
    // matched runs of only spaces/punctuation with gaps on both sides dissolve into one gap
    let runStart = -1;
    for (let j = 0; j <= tokens.length; j++) {
      if (j < tokens.length && matchedAt.has(j)) {
        if (runStart < 0) {
          runStart = j;
        }
        continue;
      }
      if (runStart > 0 && j < tokens.length && isGapToken(runStart - 1)) {
        const run = tokens.slice(runStart, j);
        const templateRun =
          run.length === j - runStart && !run.some(isWord) && !run.some((t) => FRAMES.test(t));
        if (templateRun) {
          for (let k = runStart; k < j; k++) {
            matchedAt.delete(k);
          }
          changed = true;
        }
      }
      runStart = -1;
    }
  }
  // the template side of a pair must stay monotonic, which deleting pairs preserves
  return pairs.filter(([a, b]) => matchedAt.get(b) === a && keys[a] !== undefined);
}
