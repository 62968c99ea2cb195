import { InvalidArgumentError } from 'commander';
import type { RATINGS } from '@/db/schema';

export type Rating = (typeof RATINGS)[number];

const ALIASES: Record<string, Rating> = {
  good: 'positive',
  positive: 'positive',
  bad: 'negative',
  negative: 'negative',
  neutral: 'neutral',
};

/** `good|bad|neutral` (or `positive|negative`) to the stored rating; anything else is a usage error. */
export function parseRating(value: string): Rating {
  const rating = ALIASES[value.toLowerCase()];
  if (!rating) {
    throw new InvalidArgumentError('expected good, bad or neutral (or positive, negative)');
  }
  return rating;
}

/** `--label` of `traces list`: a rating, `none` (unlabelled) or `any` (labelled). */
export function parseLabelFilter(value: string): Rating | 'none' | 'any' {
  const lower = value.toLowerCase();
  if (lower === 'none' || lower === 'any') {
    return lower;
  }
  try {
    return parseRating(lower);
  } catch {
    throw new InvalidArgumentError('expected good, bad, neutral, none or any');
  }
}

/** How a rating reads in tables: good / bad / neutral. */
export const ratingWord = (rating: Rating | null | undefined): string =>
  rating === 'positive' ? 'good' : rating === 'negative' ? 'bad' : (rating ?? '-');
