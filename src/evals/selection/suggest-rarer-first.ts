import {
  type LabelSuggestion,
  rarerVerdict,
  type SuggestLabelsInput,
  suggestLabels,
} from './suggest-labels';

/**
 * The final version's rarer verdict first, the committee otherwise (measured in
 * bench/abstention/label-next.ts as `hybrid`; not what the product suggests). With `rare` the
 * rarer verdict of the labels as suggestLabels counts it (pass when exactly half):
 * - when the final version judges some unlabelled trace `rare`, those traces first, picked by
 *   suggestLabels with the final version alone (the same hash and spread over tasks), then, only
 *   if fewer than `n`, the rest of the traces picked by suggestLabels with the committee (the
 *   fold models and the final version: their disagreements first);
 * - when it judges none `rare`, suggestLabels with the committee on all of them.
 */
export function suggestRarerFirst(input: SuggestLabelsInput): LabelSuggestion[] {
  const n = input.n ?? 10;
  const rare = rarerVerdict(input.labelled);
  const judgedRare = input.unlabelled.filter((t) => input.final(t.view) === rare);
  if (judgedRare.length === 0) {
    return suggestLabels(input);
  }
  const first = suggestLabels({ ...input, folds: [], unlabelled: judgedRare, n });
  if (first.length >= n) {
    return first;
  }
  const rest = input.unlabelled.filter((t) => input.final(t.view) !== rare);
  return [...first, ...suggestLabels({ ...input, unlabelled: rest, n: n - first.length })];
}
