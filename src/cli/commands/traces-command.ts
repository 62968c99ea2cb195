import type { Command } from 'commander';
import {
  addBackendOptions,
  type BackendFlags,
  withBackend,
  workspaceSlug,
} from '../backend/with-backend';
import type { CliIo } from '../cli-io';
import { serverUrlOf } from '../database-options';
import { formatTable } from '../format-table';
import { parseIntegerOption } from '../parse-integer-option';
import { parseLabelFilter, type Rating, ratingWord } from '../parse-rating';
import { examplesText, printResult } from '../print-result';
import { renderTrace } from '../render-trace';

type ListFlags = BackendFlags & {
  agent?: string;
  label?: Rating | 'none' | 'any';
  search?: string;
  errors?: boolean;
  limit: number;
  cursor?: string;
};

export function registerTracesCommand(program: Command, io: CliIo) {
  const group = program
    .command('traces')
    .description(
      'Read traces: list with filters, show one with its conversation, labels and verdicts',
    )
    .addHelpText(
      'after',
      examplesText([
        'iofold traces list --workspace demo --label none --limit 10',
        'iofold traces show TRACE_ID --workspace demo',
        'iofold traces list --url https://iofold.example.com --key sk-if-…',
      ]),
    );

  addBackendOptions(group.command('list'))
    .description('List traces, newest first (a page at a time; --cursor continues)')
    .option('--agent <id>', 'only this agent')
    .option(
      '--label <label>',
      'good, bad, neutral, none (unlabelled) or any (labelled)',
      parseLabelFilter,
    )
    .option('--search <text>', 'text in the input or output')
    .option('--errors', 'only traces with an error')
    .option('--limit <n>', 'page size (1-200)', parseIntegerOption, 20)
    .option('--cursor <cursor>', 'the next page, as printed after the previous one')
    .addHelpText(
      'after',
      examplesText([
        'iofold traces list --workspace demo',
        'iofold traces list --workspace demo --label bad --search refund',
        'iofold traces list --workspace demo --label none --json',
      ]),
    )
    .action(async (flags: ListFlags) => {
      const page = await withBackend(io, flags, 'traces-list', (backend) =>
        backend.listTraces({
          agentId: flags.agent,
          ...(flags.label === 'none' || flags.label === 'any'
            ? { labelled: flags.label === 'any' }
            : { label: flags.label }),
          q: flags.search,
          hasErrors: flags.errors ? true : undefined,
          limit: flags.limit,
          cursor: flags.cursor,
        }),
      );
      printResult(io, flags.json, page, () =>
        formatTable(page.data, [
          { header: 'id', value: (t) => t.id },
          { header: 'started', value: (t) => t.startedAt.slice(0, 19).replace('T', ' ') },
          { header: 'label', value: (t) => ratingWord(t.label) },
          { header: 'steps', value: (t) => t.stepCount },
          { header: 'tools', value: (t) => t.toolCallCount },
          { header: 'errors', value: (t) => t.errorCount },
          { header: 'input', value: (t) => t.inputPreview, maxWidth: 50 },
        ]),
      );
      if (!flags.json && page.nextCursor) {
        io.err(`more: add --cursor ${page.nextCursor}\n`);
      }
      const unfiltered = !flags.agent && !flags.label && !flags.search && !flags.errors;
      if (page.data.length === 0 && unfiltered && !flags.cursor && !serverUrlOf(io, flags)) {
        io.err(
          `no traces in workspace "${workspaceSlug(io, flags)}"; \`iofold workspaces list\` shows this database's workspaces (choose one with --workspace)\n`,
        );
      }
    });

  addBackendOptions(group.command('show'))
    .description('Show one trace: conversation with tool calls, labels and eval verdicts')
    .argument('<id>', 'trace id (see iofold traces list)')
    .option('--width <n>', 'clip each text to N characters (0 = in full)', parseIntegerOption, 300)
    .addHelpText(
      'after',
      examplesText([
        'iofold traces show TRACE_ID --workspace demo',
        'iofold traces show TRACE_ID --workspace demo --width 0',
        'iofold traces show TRACE_ID --workspace demo --json',
      ]),
    )
    .action(async (id: string, flags: BackendFlags & { width: number }) => {
      const trace = await withBackend(io, flags, 'traces-show', (backend) => backend.getTrace(id));
      printResult(io, flags.json, trace, () => renderTrace(trace, flags.width));
    });
}
