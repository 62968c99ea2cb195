import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { evals } from '@/db/schema';

/** The function name candidates are written under when nobody named the eval. */
export const PLACEHOLDER_NAME = 'eval_quality';

// Words that carry no meaning in a rule's sentence ("Fail when a ... call was made ..."); negations
// (no, not, never, without) stay, or a name would say the opposite of its rule.
const FILLER = new Set(
  (
    'a an the s was were is are be been it its that this than then and or of to in on at by ' +
    'for from with when whose which who what there any some one call calls called made make ' +
    'tool tools trace traces message messages assistant user result results first last ' +
    'every each came had has have did does do'
  ).split(' '),
);
const MAX_WORDS = 4;
const MAX_LENGTH = 32;

/** The tools a group's words list, then its kind: "'cancel_order' or 'create_return' (or other write-like)". */
const GROUP_WORDS = /'[^']*'(?:, '[^']*')*(?: or '[^']*')? \(or other ([a-z-]+)\)/g;

function words(text: string): string[] {
  // a group is named by its kind, as its rule is about any tool of that kind
  return text
    .replace(GROUP_WORDS, '$1')
    .replace(/\([^)]*\)/g, ' ')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * A short descriptive eval name from its rules in plain words ("Fail when a write-like call was
 * made without asking the user first." gives eval_write_like_without_asking, at most 32
 * characters), or from the agent's
 * name when the rules say nothing (a constant rule, a model's candidate without rules).
 */
export function nameFromRules(rules: string[], agentName: string): string {
  const first = rules.find((r) => /^(Fail|Pass) when /.test(r));
  const picked = first
    ? words(first.replace(/^(Fail|Pass) when /, ''))
        .filter((w) => !FILLER.has(w))
        .slice(0, MAX_WORDS)
    : [];
  const base = picked.length >= 2 ? picked : [...words(agentName).slice(0, 2), 'quality'];
  let name = 'eval';
  for (const w of base) {
    if (`${name}_${w}`.length > MAX_LENGTH) {
      break;
    }
    name = `${name}_${w}`;
  }
  return name === 'eval' ? PLACEHOLDER_NAME : name;
}

/** `base`, or `base_2`, `base_3`, ... : the first no eval of the agent is called yet. */
export async function uniqueEvalName(ctx: Ctx, agentId: string, base: string): Promise<string> {
  const rows = await ctx.db
    .selectDistinct({ name: evals.name })
    .from(evals)
    .where(inWorkspace(ctx, evals, [eq(evals.agentId, agentId)]));
  const taken = new Set(rows.map((r) => r.name));
  let name = base;
  for (let n = 2; taken.has(name); n++) {
    name = `${base}_${n}`;
  }
  return name;
}

/** The winner's code under its own name: every whole-word use of the placeholder renamed. */
export function renameEvalCode(code: string, from: string, to: string): string {
  return from === to ? code : code.replace(new RegExp(`\\b${from}\\b`, 'g'), to);
}
