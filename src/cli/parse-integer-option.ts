import { InvalidArgumentError } from 'commander';

/** Commander option parser for whole numbers; a bad value is a usage error (exit 2). */
export function parseIntegerOption(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) {
    throw new InvalidArgumentError('not a whole number');
  }
  return parsed;
}
