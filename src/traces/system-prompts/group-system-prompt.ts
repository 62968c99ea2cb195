import {
  matchPromptTemplate,
  TEMPLATE_SIMILARITY,
  templateVariables,
} from './match-prompt-template';

export type PromptGroupDecision =
  | { kind: 'match'; index: number; values: Record<string, string> }
  | {
      kind: 'generalise';
      index: number;
      template: string;
      variables: string[];
      values: Record<string, string>;
    }
  | { kind: 'new'; template: string; variables: string[]; values: Record<string, string> };

/**
 * Which template a system prompt belongs to: an existing one it fits (slots absorb the variable
 * parts), an existing one made more general (new `{{var}}` slots), or a new group. No LLM.
 */
export function groupSystemPrompt(
  prompt: string,
  templates: string[],
  options: { canGeneralise?: (index: number) => boolean } = {},
): PromptGroupDecision {
  let best: { index: number; match: ReturnType<typeof matchPromptTemplate> } | null = null;
  const promptWords = new Set(prompt.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []);
  templates.forEach((template, index) => {
    if (!quickOverlap(promptWords, template)) {
      return;
    }
    const match = matchPromptTemplate(template, prompt);
    if (
      match.similarity >= TEMPLATE_SIMILARITY &&
      (!best || match.similarity > best.match.similarity)
    ) {
      best = { index, match };
    }
  });
  const found = best as { index: number; match: ReturnType<typeof matchPromptTemplate> } | null;
  if (found && !found.match.generalised) {
    return { kind: 'match', index: found.index, values: found.match.values };
  }
  if (found && (options.canGeneralise?.(found.index) ?? true)) {
    return {
      kind: 'generalise',
      index: found.index,
      template: found.match.template,
      variables: found.match.variables,
      values: found.match.values,
    };
  }
  return { kind: 'new', template: prompt, variables: templateVariables(prompt), values: {} };
}

/** Cheap prefilter: word-set overlap; alignment only runs on plausible candidates. */
function quickOverlap(promptWords: Set<string>, template: string): boolean {
  const words = new Set(
    template
      .replace(/\{\{[^}]*\}\}/g, ' ')
      .toLowerCase()
      .match(/[\p{L}\p{N}_]+/gu) ?? [],
  );
  if (words.size === 0 || promptWords.size === 0) {
    return words.size === promptWords.size;
  }
  let common = 0;
  for (const w of words) {
    if (promptWords.has(w)) {
      common++;
    }
  }
  return common / Math.max(words.size, promptWords.size) >= TEMPLATE_SIMILARITY / 2;
}
