import { statSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { AppError } from '@/core/errors';
import { IMPORT_FORMATS, type ImportFormat } from '@/traces/import/detect-import-format';
import type { ImportResult } from '@/traces/import/import-traces';
import { cliDeps } from '../cli-deps';
import type { CliIo } from '../cli-io';
import {
  addDatabaseOptions,
  type DatabaseFlags,
  localConfigFromFlags,
  withDatabase,
} from '../database-options';
import { examplesText, printResult } from '../print-result';
import { createProgressBar } from '../progress-bar';
import { type PullFlags, pullFromPlatform } from '../pull-from-platform';
import { resolveWorkspaceCtx } from '../resolve-workspace';

type ImportFlags = DatabaseFlags &
  Partial<PullFlags> & {
    workspace: string;
    json?: boolean;
    format?: ImportFormat;
    labelField?: string;
  };

export function registerImportCommand(program: Command, io: CliIo) {
  addDatabaseOptions(
    program
      .command('import')
      .description(
        "Import traces from a file (as the dashboard's Import screen does: good records are stored, bad ones listed by line), or pull them from Langfuse, LangSmith or Phoenix (--from)",
      )
      .argument(
        '[file]',
        'JSONL or JSON: chat transcripts {"id", "messages", "label"?, "notes"?, "metadata"?}, OTLP, Langfuse, Phoenix or LangSmith exports',
      ),
  )
    .option(
      '--workspace <slug>',
      'workspace to import into (env IOFOLD_WORKSPACE)',
      io.env.IOFOLD_WORKSPACE ?? 'default',
    )
    .option('--json', 'print the result as JSON')
    .addOption(
      new Option(
        '--format <format>',
        'the file format (default: detected from the first record)',
      ).choices(IMPORT_FORMATS),
    )
    .option(
      '--label-field <field>',
      'chat transcripts: take the label from this field (e.g. reward)',
    )
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
      // --url here is the platform's address (--from), never iofold's
      const config = localConfigFromFlags(io, flags, 'import');
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
      const size = fileSize(file);
      const result = await withDatabase(config, async (handle) => {
        const ctx = await resolveWorkspaceCtx(cliDeps(handle.db), flags.workspace, 'import');
        const { importFile } = await import('@/traces/import/import-file.node.js');
        const bar = createProgressBar(io, 'importing (bytes)');
        bar.update(0, size);
        const imported = await importFile(ctx, file, {
          ...(flags.format ? { format: flags.format } : {}),
          ...(flags.labelField ? { labelField: flags.labelField } : {}),
          onProgress: (p) => bar.update(p.bytes, size),
        });
        bar.finish(
          `imported ${imported.tracesStored} traces into workspace ${flags.workspace} (${imported.records} records read)`,
        );
        return imported;
      });
      printResult(io, flags.json, { ok: true, workspace: flags.workspace, ...result }, () =>
        formatImport(result),
      );
    });
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch (error) {
    throw new AppError('NOT_FOUND', `cannot read ${file}`, { cause: error });
  }
}

/** The dashboard's summary in words: what was stored, then each record that was not, by line. */
function formatImport(result: ImportResult): string {
  const lines = [
    `${result.created} new, ${result.tracesStored - result.created} already known (updated or unchanged); ${result.errors} record(s) not imported`,
    ...result.recordErrors.map((e) => `  line ${e.line || '-'}: ${e.message}`),
  ];
  if (result.errors > result.recordErrors.length) {
    lines.push(`  … and ${result.errors - result.recordErrors.length} more`);
  }
  for (const a of result.agents) {
    lines.push(`agent ${a.name} (${a.id}): ${a.traces} of these traces`);
  }
  return `${lines.join('\n')}\n`;
}
