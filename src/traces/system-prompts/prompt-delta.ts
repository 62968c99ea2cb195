import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { selectInWorkspace } from '@/db/in-workspace';
import { systemPrompts } from '@/db/schema';

/**
 * A system prompt stored as the difference from another prompt of its agent version (issue #24):
 * prompts of one template differ in a name or a date, so `[prefix, suffix, middle]` (lengths of
 * the text shared with the base at each end, and what lies between) is a few dozen characters
 * where the whole prompt is a kilobyte.
 */
export type PromptDelta = [prefix: number, suffix: number, middle: string];

/** The delta of `prompt` from `base`, or null when it would not be much shorter than the prompt. */
export function promptDelta(base: string, prompt: string): PromptDelta | null {
  const max = Math.min(base.length, prompt.length);
  let prefix = 0;
  while (prefix < max && base[prefix] === prompt[prefix]) {
    prefix++;
  }
  let suffix = 0;
  while (
    suffix < max - prefix &&
    base[base.length - 1 - suffix] === prompt[prompt.length - 1 - suffix]
  ) {
    suffix++;
  }
  const delta: PromptDelta = [prefix, suffix, prompt.slice(prefix, prompt.length - suffix)];
  return JSON.stringify(delta).length * 2 < prompt.length ? delta : null;
}

export function applyPromptDelta(base: string, [prefix, suffix, middle]: PromptDelta): string {
  return base.slice(0, prefix) + middle + base.slice(base.length - suffix);
}

const MAX_DEPTH = 8;

/** The whole text of a stored system prompt, following its base when it is stored as a delta. */
export async function systemPromptContent(
  ctx: Ctx,
  row: { content: string; baseId: string | null },
  depth = 0,
): Promise<string> {
  if (row.baseId === null) {
    return row.content;
  }
  const [base] = await selectInWorkspace(
    ctx,
    systemPrompts,
    { content: systemPrompts.content, baseId: systemPrompts.baseId },
    [eq(systemPrompts.id, row.baseId)],
  );
  if (!base || depth >= MAX_DEPTH) {
    throw new Error(`system prompt base ${row.baseId} is missing`);
  }
  return applyPromptDelta(
    await systemPromptContent(ctx, base, depth + 1),
    JSON.parse(row.content) as PromptDelta,
  );
}
