import type { Command } from 'commander';
import { ingestTraces } from '@/traces/ingest/ingest-traces';
import { cliDeps } from '../cli-deps';
import type { CliIo } from '../cli-io';
import {
  addDatabaseOptions,
  configFromFlags,
  type DatabaseFlags,
  withDatabase,
} from '../database-options';
import { examplesText, printResult } from '../print-result';
import { createProgressBar } from '../progress-bar';
import { readTranscriptFile } from '../read-transcript-file';
import { resolveWorkspaceCtx } from '../resolve-workspace';

const CHUNK = 50;
type ImportFlags = DatabaseFlags & { workspace: string; json?: boolean };

export function registerImportCommand(program: Command, io: CliIo) {
  addDatabaseOptions(
    program
      .command('import')
      .description(
        'Import traces from a file of OpenAI-style chat transcripts (JSON Lines or a JSON array)',
      )
      .argument(
        '<file>',
        'transcripts: {"id", "messages": [...], "label"?, "notes"?, "metadata"?} per line',
      ),
  )
    .option(
      '--workspace <slug>',
      'workspace to import into (env IOFOLD_WORKSPACE)',
      io.env.IOFOLD_WORKSPACE ?? 'default',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      examplesText([
        'iofold import traces.jsonl',
        'iofold demo --out demo.jsonl && iofold import demo.jsonl --workspace demo --json',
      ]),
    )
    .action(async (file: string, flags: ImportFlags) => {
      const traces = readTranscriptFile(file);
      const config = configFromFlags(io, flags);
      const result = await withDatabase(config, async (handle) => {
        const ctx = await resolveWorkspaceCtx(cliDeps(handle.db), flags.workspace, 'import');
        const bar = createProgressBar(io, 'importing');
        const totals = { traces: traces.length, created: 0, changed: 0, unchanged: 0, labelled: 0 };
        bar.update(0, traces.length);
        for (let start = 0; start < traces.length; start += CHUNK) {
          const chunk = traces.slice(start, start + CHUNK);
          const stored = await ingestTraces(ctx, { traces: chunk });
          for (const t of stored.traces) {
            totals[t.created ? 'created' : t.changed ? 'changed' : 'unchanged'] += 1;
          }
          totals.labelled += chunk.filter((t) => t.label).length;
          bar.update(Math.min(start + CHUNK, traces.length), traces.length);
        }
        bar.finish(`imported ${traces.length} traces into workspace ${flags.workspace}`);
        return totals;
      });
      printResult(
        io,
        flags.json,
        { ok: true, workspace: flags.workspace, ...result },
        () =>
          `${result.created} new, ${result.changed} updated, ${result.unchanged} unchanged; ${result.labelled} carried a label\n`,
      );
    });
}
