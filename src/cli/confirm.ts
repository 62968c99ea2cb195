import { AppError } from '@/core/errors';
import type { CliIo } from './cli-io';

/**
 * Asks before a command destroys data: `--yes` goes ahead; in a terminal the person answers
 * y/N; otherwise (a script, a pipe) the command stops without `--yes` and nothing changes.
 */
export async function confirmDestructive(
  io: CliIo,
  yes: boolean | undefined,
  what: string,
): Promise<void> {
  if (yes) {
    return;
  }
  if (!io.ask) {
    throw new AppError(
      'VALIDATION',
      `${what}; nothing was changed. Run it in a terminal to be asked, or add --yes`,
    );
  }
  const answer = await io.ask(`${what}. Continue? [y/N] `);
  if (!/^y(es)?$/i.test(answer.trim())) {
    throw new AppError('VALIDATION', 'not confirmed; nothing was changed');
  }
}
