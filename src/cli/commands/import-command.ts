import type { Command } from 'commander';
import { AppError } from '@/core/errors';
import { anchorUndatedTraces } from '@/traces/import/anchor-undated-traces';
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
import { type PullFlags, pullFromPlatform } from '../pull-from-platform';
import { readTranscriptFile } from '../read-transcript-file';
import { resolveWorkspaceCtx } from '../resolve-workspace';

const CHUNK = 50;
type ImportFlags = DatabaseFlags & Partial<PullFlags> & { workspace: string; json?: boolean };

export function registerImportCommand(program: Command, io: CliIo) {
  addDatabaseOptions(
    program
      .command('import')
      .description(
        'Import traces from a file of OpenAI-style chat transcripts (JSON Lines or a JSON array), or pull them from Langfuse, LangSmith or Phoenix (--from)',
      )
      .argument(
        '[file]',
        'transcripts: {"id", "messages": [...], "label"?, "notes"?, "metadata"?} per line',
      ),
  )
    .option(
      '--workspace <slug>',
      'workspace to import into (env IOFOLD_WORKSPACE)',
      io.env.IOFOLD_WORKSPACE ?? 'default',
    )
    .option('--json', 'print the result as JSON')
    .option('--from <platform>', 'pull from langfuse, langsmith or phoenix instead of a file')
    .option('--integration <id>', '--from: a stored integration (its key, project and sync cursor)')
    .option(
      '--url <url>',
      '--from: the platform URL (env LANGFUSE_HOST, LANGSMITH_ENDPOINT, PHOENIX_HOST)',
    )
    .option(
      '--key <key>',
      '--from: secret/API key (env LANGFUSE_SECRET_KEY, LANGSMITH_API_KEY, PHOENIX_API_KEY)',
    )
    .option('--public-key <key>', '--from langfuse: public key (env LANGFUSE_PUBLIC_KEY)')
    .option('--project <name>', '--from langsmith|phoenix: project name (default "default")')
    .addHelpText(
      'after',
      examplesText([
        'iofold import traces.jsonl',
        'iofold demo --out demo.jsonl && iofold import demo.jsonl --workspace demo --json',
        'iofold import --from langfuse --url https://cloud.langfuse.com --public-key pk-lf-… --key sk-lf-…',
        'iofold import --from langsmith --integration int_…',
      ]),
    )
    .action(async (file: string | undefined, flags: ImportFlags) => {
      const config = configFromFlags(io, flags);
      if (flags.from) {
        const from = flags.from;
        const pulled = await withDatabase(config, async (handle) =>
          pullFromPlatform(
            io,
            await resolveWorkspaceCtx(cliDeps(handle.db), flags.workspace, 'import'),
            config,
            { ...flags, from },
          ),
        );
        const { recordErrors, ...summary } = pulled;
        printResult(
          io,
          flags.json,
          {
            ok: true,
            workspace: flags.workspace,
            ...summary,
            recordErrors: recordErrors.slice(0, 20),
          },
          () =>
            `${pulled.created} new, ${pulled.updated} updated from ${pulled.records} records; ${pulled.errors} skipped\n`,
        );
        return;
      }
      if (!file) {
        throw new AppError(
          'VALIDATION',
          'give a file to import, or --from langfuse|langsmith|phoenix',
        );
      }
      const traces = readTranscriptFile(file);
      const result = await withDatabase(config, async (handle) => {
        const ctx = await resolveWorkspaceCtx(cliDeps(handle.db), flags.workspace, 'import');
        const bar = createProgressBar(io, 'importing');
        const totals = { traces: traces.length, created: 0, changed: 0, unchanged: 0, labelled: 0 };
        bar.update(0, traces.length);
        for (let start = 0; start < traces.length; start += CHUNK) {
          const chunk = traces.slice(start, start + CHUNK);
          const stored = await ingestTraces(ctx, {
            traces: await anchorUndatedTraces(ctx, chunk),
          });
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
