import type { EvalView } from '@/core/eval-view';
import { packEvalView, unpackEvalView } from '@/core/pack-eval-view';
import { type Compressible, compressJson, decompressJson } from '@/db/compressed-json';

/** The eval view as `traces.eval_view` stores it: packed, and deflated when large. */
export async function storeEvalView(view: EvalView): Promise<Compressible<EvalView>> {
  const stored = await compressJson(packEvalView(view));
  return stored instanceof Uint8Array ? stored : view;
}

/** The eval view a `traces.eval_view` value holds, however it was stored. */
export async function readEvalView(stored: Compressible<EvalView>): Promise<EvalView> {
  return stored instanceof Uint8Array
    ? unpackEvalView(await decompressJson<EvalView>(stored))
    : stored;
}
