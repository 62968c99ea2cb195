import type { EvalView } from '@/core/eval-view';
import { deriveEvalView } from '@/traces/derive-eval-view';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';
import type { TauRun } from './tau-data';

/** Eval views through the product's own importer; `info` and `reward` are stripped (they are answers). */
export function tauViews(runs: TauRun[]): EvalView[] {
  return runs.map(
    ({ task_id, trial, traj }) =>
      deriveEvalView(parseChatTranscript({ task_id, trial, traj })).view,
  );
}
