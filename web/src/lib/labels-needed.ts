import type { Agent } from './types';

/** What generation needs (the server's `labelShortfall`): 8 good or bad labels, 2 of each. */
const MIN_LABELS = 8;
const MIN_PER_CLASS = 2;

/** The labels still to add before generation can start ("1 more good"), or null when enough. */
export function labelsToAdd(labels: Agent['labels']): string | null {
  const { positive, negative } = labels;
  const good = Math.max(0, MIN_PER_CLASS - positive);
  const bad = Math.max(0, MIN_PER_CLASS - negative);
  const either = Math.max(0, MIN_LABELS - positive - negative - good - bad);
  const asks = [
    good > 0 ? `${good} more good` : '',
    bad > 0 ? `${bad} more bad` : '',
    either > 0 ? `${either} more of either` : '',
  ].filter(Boolean);
  return asks.length === 0 ? null : asks.join(' and ');
}

/** Where an agent stands against what generation needs, as the Evals screen says it. */
export function labelsNeeded(agent: Agent | undefined): string {
  if (!agent) {
    return `Label some traces good and some bad (at least ${MIN_LABELS}, ${MIN_PER_CLASS} of each), then generate.`;
  }
  const { positive, negative, neutral } = agent.labels;
  const have = `This agent has ${positive + negative + neutral} labelled traces (${positive} good, ${negative} bad, ${neutral} neutral).`;
  const add = labelsToAdd(agent.labels);
  return add === null
    ? `${have} That is enough: press Generate eval.`
    : `${have} Generation needs at least ${MIN_LABELS} good or bad (neutral ones do not count), ${MIN_PER_CLASS} of each: label ${add}, then generate.`;
}
