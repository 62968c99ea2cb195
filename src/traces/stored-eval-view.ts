import type { EvalView } from '@/core/eval-view';
import { type PackedEvalView, packEvalView, unpackEvalView } from '@/core/pack-eval-view';
import { type Compressible, compressJson, decompressJson } from '@/db/compressed-json';

/**
 * The eval view as `traces.eval_view` stores it: packed, and deflated when large. `db`: the
 * database it is written to (its host may have a faster deflate). `spansFrom`: the trace stores
 * no span rows, its spans are its messages' transcript spans from that time (always deflated, so
 * the mark is read from the BLOB; `readStoredEvalView`).
 */
export async function storeEvalView(
  view: EvalView,
  db?: object,
  spansFrom: number | null = null,
): Promise<Compressible<EvalView>> {
  const fromBytes = spansFrom === null ? undefined : 0;
  const stored = await compressJson(packEvalView(view, spansFrom), { db, fromBytes });
  return stored instanceof Uint8Array ? stored : view;
}

/** The eval view a `traces.eval_view` value holds, and whether its spans are derived from it. */
export async function readStoredEvalView(
  stored: Compressible<EvalView>,
  db?: object,
): Promise<{ view: EvalView; spansFrom: number | null }> {
  if (!(stored instanceof Uint8Array)) {
    return { view: stored, spansFrom: null };
  }
  const packed = await decompressJson<PackedEvalView | EvalView>(stored, db);
  const spansFrom = (packed as Partial<PackedEvalView>).spans_from;
  return { view: unpackEvalView(packed), spansFrom: spansFrom ?? null };
}

/** The eval view a `traces.eval_view` value holds, however it was stored. */
export async function readEvalView(stored: Compressible<EvalView>, db?: object): Promise<EvalView> {
  return stored instanceof Uint8Array
    ? unpackEvalView(await decompressJson<EvalView>(stored, db))
    : stored;
}
