import type { EvalView } from '@/core/eval-view';
import {
  isPackedEvalView,
  type PackedEvalView,
  packEvalView,
  unpackEvalView,
} from '@/core/pack-eval-view';
import type { Db } from '@/db/client';
import { type Compressible, compressJson, decompressJson } from '@/db/compressed-json';
import { storedPromptText } from './system-prompts/stored-prompt-text';

export type StoreEvalViewOptions = {
  /**
   * The trace stores no span rows: its spans are its messages' transcript spans from this time
   * (`readStoredEvalView` reads the mark back).
   */
  spansFrom?: number | null;
  /** The trace's system prompt as `system_prompts` stores it: the view refers to it by id. */
  systemPrompt?: { id: string; text: string } | null;
};

/**
 * The eval view as `traces.eval_view` stores it: packed, and deflated when large. `db`: the
 * database it is written to (its host may have a faster deflate).
 */
export async function storeEvalView(
  view: EvalView,
  db?: Db,
  options: StoreEvalViewOptions = {},
): Promise<Compressible<EvalView>> {
  const spansFrom = options.spansFrom ?? null;
  const packed = packEvalView(view, spansFrom);
  const prompt = options.systemPrompt;
  const at = prompt ? view.messages.findIndex((m) => m.role === 'system') : -1;
  if (prompt && at >= 0 && view.messages[at]?.content === prompt.text) {
    packed.system_prompt = [at, prompt.id];
    packed.messages = view.messages.map((m, i) => (i === at ? { ...m, content: '' } : m));
  }
  const stored = await compressJson(packed, { db });
  if (stored instanceof Uint8Array) {
    return stored;
  }
  // small: stored as JSON text, packed here when it carries marks (the column packs the rest)
  const marked = spansFrom !== null || packed.system_prompt !== undefined;
  return marked ? (packed as unknown as EvalView) : view;
}

/** The eval view a `traces.eval_view` value holds, and whether its spans are derived from it. */
export async function readStoredEvalView(
  stored: Compressible<EvalView>,
  db: Db,
): Promise<{ view: EvalView; spansFrom: number | null }> {
  if (!(stored instanceof Uint8Array || isPackedEvalView(stored))) {
    return { view: stored, spansFrom: null };
  }
  const packed =
    stored instanceof Uint8Array
      ? await decompressJson<PackedEvalView | EvalView>(stored, db)
      : { ...(stored as PackedEvalView) };
  const { spans_from: spansFrom, system_prompt: prompt } = packed as Partial<PackedEvalView>;
  if (prompt) {
    const text = await storedPromptText(db, prompt[1]);
    packed.messages = packed.messages.map((m, i) =>
      i === prompt[0] ? { ...m, content: text } : m,
    );
  }
  return { view: unpackEvalView(packed), spansFrom: spansFrom ?? null };
}

/** The eval view a `traces.eval_view` value holds, however it was stored. */
export async function readEvalView(stored: Compressible<EvalView>, db: Db): Promise<EvalView> {
  return (await readStoredEvalView(stored, db)).view;
}
