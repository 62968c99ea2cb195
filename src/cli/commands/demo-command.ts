import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { count, eq, inArray } from 'drizzle-orm';
import { AppError } from '@/core/errors';
import type { Db } from '@/db/client';
import { apiKeys, evals, feedback, jobs, sessions, traces, users, workspaces } from '@/db/schema';
import {
  DEFAULT_DEMO_COUNT,
  DEFAULT_DEMO_SEED,
  demoTracesToJsonl,
  generateDemoTraces,
} from '@/demo/generate-demo-traces';
import { DEMO_WORKSPACE_SLUG, seedDemoWorkspace } from '@/demo/seed-demo-workspace';
import { cliDeps } from '../cli-deps';
import type { CliIo } from '../cli-io';
import { confirmDestructive } from '../confirm';
import {
  addDatabaseOptions,
  type DatabaseFlags,
  localConfigFromFlags,
  withDatabase,
} from '../database-options';
import { parseIntegerOption } from '../parse-integer-option';
import { examplesText, printResult } from '../print-result';
import { createProgressBar } from '../progress-bar';

type DemoFlags = DatabaseFlags & {
  out?: string;
  reset?: boolean;
  seed: number;
  count: number;
  json?: boolean;
  yes?: boolean;
};

export function registerDemoCommand(program: Command, io: CliIo) {
  addDatabaseOptions(
    program
      .command('demo')
      .description(
        'The demo: a retail support agent with tool-calling traces of varied quality, a third labelled',
      ),
  )
    .option(
      '--reset',
      `delete and rebuild the demo workspace (slug "${DEMO_WORKSPACE_SLUG}") in the database`,
    )
    .option(
      '--out <file>',
      'write the demo traces as JSON Lines (the import format) to FILE; - for stdout',
    )
    .option(
      '--seed <n>',
      'random seed (same seed, same traces)',
      parseIntegerOption,
      DEFAULT_DEMO_SEED,
    )
    .option('--count <n>', 'number of traces (10-1000)', parseIntegerOption, DEFAULT_DEMO_COUNT)
    .option('--yes', '--reset: do not ask (needed when stdin is not a terminal)')
    .option('--json', 'print the result of --reset as JSON')
    .addHelpText(
      'after',
      examplesText([
        'iofold demo --reset',
        'iofold demo --reset --yes --json',
        'iofold demo --out demo.jsonl',
        'iofold demo --seed 7 --count 30 --out - | head -1',
      ]),
    )
    .action(async (flags: DemoFlags) => {
      const count = Math.min(1000, Math.max(10, flags.count));
      if (!flags.reset && !flags.out) {
        throw new AppError(
          'VALIDATION',
          'say what to do: --reset (rebuild the demo workspace) or --out FILE',
        );
      }
      if (flags.out) {
        // dated up to the start of today (UTC), so the imported demo fills the recent charts; the
        // same output all day long
        const newestAt = Math.floor(Date.now() / 86_400_000) * 86_400_000;
        const jsonl = demoTracesToJsonl(generateDemoTraces({ seed: flags.seed, count, newestAt }));
        if (flags.out === '-') {
          io.out(jsonl);
        } else {
          writeFileSync(flags.out, jsonl);
          io.err(`wrote ${count} demo traces to ${flags.out}\n`);
        }
      }
      if (flags.reset) {
        const result = await withDatabase(
          localConfigFromFlags(io, flags, 'demo'),
          async (handle) => {
            const deps = cliDeps(handle.db);
            const loss = await describeDemo(deps.db);
            if (loss) {
              await confirmDestructive(io, flags.yes, loss);
            }
            const members = await deps.db.select({ id: users.id }).from(users);
            const signedIn = await sessionsInDemo(deps.db);
            const bar = createProgressBar(io, 'seeding demo');
            const seeded = await seedDemoWorkspace(
              deps,
              { memberUserIds: members.map((m) => m.id), seed: flags.seed, count },
              (done, total) => bar.update(done, total),
            );
            await followDemo(deps.db, signedIn, seeded.workspaceId);
            bar.finish(
              `demo workspace rebuilt: ${seeded.traces} traces, ${seeded.labelled} labelled`,
            );
            return seeded;
          },
        );
        printResult(io, flags.json, { ok: true, slug: DEMO_WORKSPACE_SLUG, ...result }, () => '');
      }
    });
}

/** What --reset deletes, in numbers, for the question it asks; null when there is no demo yet. */
async function describeDemo(db: Db): Promise<string | null> {
  const [demo] = await db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(eq(workspaces.slug, DEMO_WORKSPACE_SLUG));
  if (!demo) {
    return null;
  }
  const n = async (
    table: typeof traces | typeof feedback | typeof evals | typeof jobs | typeof apiKeys,
  ) =>
    (await db.select({ n: count() }).from(table).where(eq(table.workspaceId, demo.id)))[0]?.n ?? 0;
  return `This deletes the demo workspace "${DEMO_WORKSPACE_SLUG}" with its ${await n(traces)} traces, ${await n(feedback)} labels, ${await n(evals)} eval versions, ${await n(jobs)} jobs and ${await n(apiKeys)} API keys, then builds it again`;
}

/** Dashboard sessions open in the demo: after the rebuild they open the new demo, not nothing. */
async function sessionsInDemo(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(workspaces, eq(workspaces.id, sessions.workspaceId))
    .where(eq(workspaces.slug, DEMO_WORKSPACE_SLUG));
  return rows.map((r) => r.id);
}

async function followDemo(db: Db, sessionIds: string[], workspaceId: string) {
  if (sessionIds.length > 0) {
    await db.update(sessions).set({ workspaceId }).where(inArray(sessions.id, sessionIds));
  }
}
