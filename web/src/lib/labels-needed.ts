import { labelsToAdd, MIN_LABELS, MIN_PER_CLASS } from '@/evals/generation/labels-to-add';
import type { Agent } from './types';

/** Where an agent stands against what generation needs, as the Evals screen says it. */
export function labelsNeeded(agent: Agent | undefined): string {
  if (!agent) {
    return `Label some traces good and some bad (at least ${MIN_LABELS}, ${MIN_PER_CLASS} of each), then generate.`;
  }
  const { positive, negative, neutral } = agent.labels;
  const have = `This agent has ${positive + negative + neutral} labelled traces (${positive} good, ${negative} bad, ${neutral} neutral).`;
  const add = labelsToAdd(positive, negative);
  return add === null
    ? `${have} That is enough: press Generate eval.`
    : `${have} Generation needs at least ${MIN_LABELS} good or bad (neutral ones do not count), ${MIN_PER_CLASS} of each: label ${add}, then generate.`;
}
