import type { MiningExample, Predicate } from '../predicate';
import { toolGroupsOf } from '../tool-groups';
import { mineCallPredicates, mineValuePredicates } from './call-predicates';
import { mineComparePredicates } from './compare-predicates';
import { mineErrorPredicates } from './error-predicates';
import { mineEveryShapedPredicates } from './every-shaped-predicates';
import { mineFailureFormPredicates } from './failure-form-predicates';
import { mineFailurePredicates } from './failure-predicates';
import { mineFieldPredicates } from './field-predicates';
import { mineGatedPredicates } from './gated-predicates';
import { mineMatchedPredicates } from './matched-predicates';
import { mineOrderPredicates } from './order-predicates';
import { mineQuantifierPredicates } from './quantifier-predicates';
import { mineShapePredicates } from './shape-predicates';
import { mineTextPredicates } from './text-predicates';
import { mineThresholdPredicates } from './threshold-predicates';
import { mineToolPredicates } from './tool-predicates';

/** Every candidate predicate the training examples suggest, before de-duplication. */
export function minePredicates(examples: MiningExample[]): Predicate[] {
  const factsList = examples.map((e) => e.facts);
  const groups = toolGroupsOf(factsList);
  return [
    ...mineToolPredicates(examples, groups),
    ...mineErrorPredicates(factsList),
    ...mineOrderPredicates(examples, groups),
    ...mineFailurePredicates(examples, groups),
    ...mineFailureFormPredicates(examples),
    ...mineShapePredicates(examples),
    ...mineCallPredicates(examples),
    ...mineGatedPredicates(examples),
    ...mineMatchedPredicates(examples),
    ...mineEveryShapedPredicates(examples),
    ...mineValuePredicates(examples),
    ...mineFieldPredicates(examples),
    ...mineComparePredicates(examples),
    ...mineThresholdPredicates(examples),
    ...mineQuantifierPredicates(examples, groups),
    ...mineTextPredicates(examples),
  ];
}
