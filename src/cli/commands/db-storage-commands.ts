import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { storageStats } from '@/db/storage-stats';
import { compactStoredTraces } from '@/traces/storage/compact-stored-traces';
import type { CliIo } from '../cli-io';
import {
  addDatabaseOptions,
  configFromFlags,
  type DatabaseFlags,
  withDatabase,
} from '../database-options';
import { formatTable } from '../format-table';
import { parseIntegerOption } from '../parse-integer-option';
import { examplesText, printResult } from '../print-result';

type JsonFlag = DatabaseFlags & { json?: boolean };

const mb = (bytes: number | null) => (bytes === null ? '-' : (bytes / 1e6).toFixed(2));
const fileSize = (path: string) =>
  ['', '-wal'].reduce(
    (n, suffix) => n + (existsSync(path + suffix) ? statSync(path + suffix).size : 0),
    0,
  );

/** `iofold db stats`, `db vacuum` and `db compact`: what the database holds and how to shrink it. */
export function registerDbStorageCommands(db: Command, io: CliIo) {
  addDatabaseOptions(db.command('stats'))
    .description('Rows and bytes per table, and per workspace')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', examplesText(['iofold db stats', 'iofold db stats --json']))
    .action(async (flags: JsonFlag) => {
      const config = configFromFlags(io, flags);
      const stats = await withDatabase(config, (handle) => storageStats(handle.db));
      printResult(io, flags.json, stats, () => {
        const tables = formatTable(
          stats.tables.filter((t) => t.rows > 0),
          [
            { header: 'TABLE', value: (t) => t.table },
            { header: 'ROWS', value: (t) => t.rows },
            { header: 'DATA MB', value: (t) => mb(t.dataBytes) },
            { header: 'FILE MB (with indexes)', value: (t) => mb(t.fileBytes) },
          ],
        );
        const workspaces = formatTable(stats.workspaces, [
          { header: 'WORKSPACE', value: (w) => w.workspaceId },
          { header: 'NAME', value: (w) => w.name, maxWidth: 30 },
          { header: 'TRACES', value: (w) => w.tables.find((t) => t.table === 'traces')?.rows ?? 0 },
          { header: 'SPANS', value: (w) => w.tables.find((t) => t.table === 'spans')?.rows ?? 0 },
          { header: 'DATA MB', value: (w) => mb(w.dataBytes) },
        ]);
        return `${tables}\n${workspaces}`;
      });
    });

  addDatabaseOptions(db.command('vacuum'))
    .description('Give the space of deleted rows back to the file system (embedded database)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', examplesText(['iofold db vacuum']))
    .action(async (flags: JsonFlag) => {
      const config = configFromFlags(io, flags);
      const result = await withDatabase(config, async (handle) => {
        const before = handle.kind === 'sqlite' ? fileSize(handle.location) : null;
        await handle.db.run(sql`vacuum`);
        if (handle.kind === 'sqlite') {
          await handle.db.all(sql`pragma wal_checkpoint(TRUNCATE)`);
        }
        const after = handle.kind === 'sqlite' ? fileSize(handle.location) : null;
        return { ok: true, database: handle.location, bytesBefore: before, bytesAfter: after };
      });
      printResult(
        io,
        flags.json,
        result,
        () =>
          `vacuumed ${result.database}: ${mb(result.bytesBefore)} MB -> ${mb(result.bytesAfter)} MB\n`,
      );
    });

  addDatabaseOptions(db.command('compact'))
    .description(
      'Rewrite traces stored before each text was stored once (resumable: run it again to go on)',
    )
    .option('--chunk <n>', 'traces per atomic write (default 100)', parseIntegerOption)
    .option('--limit <n>', 'stop after this many traces', parseIntegerOption)
    .option('--json', 'print the result as JSON')
    .addHelpText('after', examplesText(['iofold db compact', 'iofold db compact --limit 10000']))
    .action(async (flags: JsonFlag & { chunk?: number; limit?: number }) => {
      const config = configFromFlags(io, flags);
      const { chunk, limit } = flags;
      const result = await withDatabase(config, (handle) =>
        compactStoredTraces(handle.db, {
          chunk,
          limit,
          onProgress: (p) => {
            if (!flags.json) {
              io.err(`\rcompacted ${p.traces} traces, ${p.spans} spans`);
            }
          },
        }),
      );
      printResult(
        io,
        flags.json,
        result,
        () =>
          `\ncompacted ${result.traces} traces (${result.spans} spans)${result.remaining ? '; more remain: run it again' : ''}; \`iofold db vacuum\` gives the space back to the file system\n`,
      );
    });
}
