import type { EvalView } from '@/core/eval-view';
import { packEvalView, unpackEvalView } from '@/core/pack-eval-view';
import { type Compressible, compressJson, decompressJson } from '@/db/compressed-json';

/**
 * The eval view as `traces.eval_view` stores it: packed, and deflated when large. `db`: the
 * database it is written to (its host may have a faster deflate).
 */
export async function storeEvalView(view: EvalView, db?: object): Promise<Compressible<EvalView>> {
  const stored = await compressJson(packEvalView(view), { db });
  return stored instanceof Uint8Array ? stored : view;
}

/** The eval view a `traces.eval_view` value holds, however it was stored. */
export async function readEvalView(stored: Compressible<EvalView>, db?: object): Promise<EvalView> {
  return stored instanceof Uint8Array
    ? unpackEvalView(await decompressJson<EvalView>(stored, db))
    : stored;
}
