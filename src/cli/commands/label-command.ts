import type { Command } from 'commander';
import { AppError } from '@/core/errors';
import { addBackendOptions, type BackendFlags, withBackend } from '../backend/with-backend';
import type { CliIo } from '../cli-io';
import { parseRating, ratingWord } from '../parse-rating';
import { examplesText, printResult } from '../print-result';

type LabelFlags = BackendFlags & { note?: string; clear?: boolean };

export function registerLabelCommand(program: Command, io: CliIo) {
  addBackendOptions(
    program
      .command('label')
      .description('Label a trace good, bad or neutral (replaces your earlier label on it)'),
  )
    .argument('<traceId>', 'trace id (see iofold traces list)')
    .argument('[rating]', 'good, bad or neutral (also positive, negative)')
    .option('--note <text>', 'why: kept with the label and shown to eval generation')
    .option('--clear', 'remove your label from the trace instead')
    .option('--as <email>', 'local mode: label as this member (default: the workspace owner)')
    .addHelpText(
      'after',
      examplesText([
        'iofold label TRACE_ID bad --note "cancelled without asking" --workspace demo',
        'iofold label TRACE_ID good --workspace demo --json',
        'iofold label TRACE_ID --clear --workspace demo',
      ]),
    )
    .action(async (traceId: string, rating: string | undefined, flags: LabelFlags) => {
      if (flags.clear) {
        if (rating || flags.note !== undefined) {
          throw new AppError('VALIDATION', '--clear takes no rating or --note');
        }
        const removed = await withBackend(io, flags, 'label', (b) => b.clearLabel(traceId));
        printResult(io, flags.json, { traceId, removed }, () =>
          removed ? `removed your label from ${traceId}\n` : `${traceId} had no label of yours\n`,
        );
        return;
      }
      if (!rating) {
        throw new AppError('VALIDATION', 'say good, bad or neutral (or --clear)');
      }
      const parsed = parseValidRating(rating);
      const label = await withBackend(io, flags, 'label', (backend) =>
        backend.labelTrace({ traceId, rating: parsed, notes: flags.note }),
      );
      printResult(
        io,
        flags.json,
        label,
        () =>
          `labelled ${traceId} ${ratingWord(label.rating)}${label.notes ? `: ${label.notes}` : ''}\n`,
      );
    });
}

function parseValidRating(value: string) {
  try {
    return parseRating(value);
  } catch (error) {
    throw new AppError('VALIDATION', `rating "${value}": ${(error as Error).message}`);
  }
}
