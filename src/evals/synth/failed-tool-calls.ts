import type { EvalView } from '@/core/eval-view';
import { toolFailed } from './predicates/error-predicates';
import { type CallFact, viewCalls } from './trace-facts';

const failedByView = new WeakMap<EvalView, readonly CallFact[]>();

/**
 * The trace's tool calls that failed, decided as everywhere else (`toolFailed`: an error recorded
 * on the call, a result reading like an error, a JSON result reporting one). The trace list's
 * `hasErrors` and `errorCount` and the trace's summary count these at ingest; remembered per view
 * so ingest decides each call once for both.
 */
export function failedToolCalls(view: EvalView): readonly CallFact[] {
  let failed = failedByView.get(view);
  if (!failed) {
    failed = viewCalls(view).calls.filter(toolFailed);
    failedByView.set(view, failed);
  }
  return failed;
}
