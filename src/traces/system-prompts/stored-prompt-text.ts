import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { systemPrompts } from '@/db/schema';
import { applyPromptDelta, type PromptDelta } from './prompt-delta';

const CACHED_PROMPTS = 256;
const MAX_DEPTH = 8;
/** Prompt texts by id, per database: a row's text never changes (its id is its content's hash). */
const cache = new WeakMap<object, Map<string, string>>();

/**
 * The whole text of system prompt `id` (following its base when stored as a delta), for eval
 * views that refer to it instead of repeating it (issue #24). The id comes from the view as
 * ingest stored it, never from a request.
 */
export async function storedPromptText(db: Db, id: string, depth = 0): Promise<string> {
  let texts = cache.get(db);
  if (!texts) {
    texts = new Map();
    cache.set(db, texts);
  }
  const hit = texts.get(id);
  if (hit !== undefined) {
    return hit;
  }
  const [row] = await db
    .select({ content: systemPrompts.content, baseId: systemPrompts.baseId })
    .from(systemPrompts)
    .where(eq(systemPrompts.id, id));
  if (!row || depth >= MAX_DEPTH) {
    throw new Error(`system prompt ${id} is missing`);
  }
  const text =
    row.baseId === null
      ? row.content
      : applyPromptDelta(
          await storedPromptText(db, row.baseId, depth + 1),
          JSON.parse(row.content) as PromptDelta,
        );
  if (texts.size >= CACHED_PROMPTS) {
    texts.delete(texts.keys().next().value as string);
  }
  texts.set(id, text);
  return text;
}
