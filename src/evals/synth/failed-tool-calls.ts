import type { EvalView } from '@/core/eval-view';
import { toolFailed } from './predicates/error-predicates';
import { viewCalls } from './trace-facts';

/**
 * How many of the trace's tool calls failed, decided as everywhere else (`toolFailed`: an error
 * recorded on the call, a result reading like an error, a JSON result reporting one). The trace
 * list's `hasErrors` and `errorCount` count these at ingest.
 */
export function failedToolCalls(view: EvalView): number {
  let failed = 0;
  for (const call of viewCalls(view).calls) {
    if (toolFailed(call)) {
      failed++;
    }
  }
  return failed;
}
