import type { TauBenchItem } from '@/evals/synth/testing/tau-bench-view';
import { deriveEvalView } from '@/traces/derive-eval-view';
import type { EvalView } from '@/traces/eval-view';
import { parseChatTranscript } from '@/traces/parsers/parse-chat-transcript';

/** Eval views through the product's own importer; `info` and `reward` are stripped (they are answers). */
export function tauViews(items: TauBenchItem[]): EvalView[] {
  return items.map((item) => {
    const { task_id, trial, traj } = item;
    return deriveEvalView(parseChatTranscript({ task_id, trial, traj })).view;
  });
}
