import type { Command } from 'commander';
import { asc, eq } from 'drizzle-orm';
import { bootstrapOwner } from '@/auth/bootstrap-owner';
import { AppError } from '@/core/errors';
import { onePage } from '@/core/page';
import { users, workspaces } from '@/db/schema';
import { createWorkspace } from '@/workspaces/create-workspace';
import { toWorkspaceView } from '@/workspaces/workspace-view';
import { cliDeps } from '../cli-deps';
import type { CliIo } from '../cli-io';
import {
  addDatabaseOptions,
  type DatabaseFlags,
  localConfigFromFlags,
  withDatabase,
} from '../database-options';
import { formatTable } from '../format-table';
import { examplesText, printResult } from '../print-result';

type Flags = DatabaseFlags & { json?: boolean };
const SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;

export function registerWorkspacesCommand(program: Command, io: CliIo) {
  const group = program
    .command('workspaces')
    .description('Workspaces in the local database: list, create')
    .addHelpText(
      'after',
      examplesText([
        'iofold workspaces list',
        'iofold workspaces create "Support bot" --slug support',
        'iofold import traces.jsonl --workspace support',
      ]),
    );
  addDatabaseOptions(group.command('list').description('List the workspaces'))
    .option('--json', 'print the result as JSON')
    .action(async (flags: Flags) => {
      const rows = await withDatabase(
        localConfigFromFlags(io, flags, 'workspaces list'),
        async (handle) =>
          (await handle.db.select().from(workspaces).orderBy(asc(workspaces.slug))).map(
            toWorkspaceView,
          ),
      );
      printResult(io, flags.json, onePage(rows), () =>
        formatTable(rows, [
          { header: 'slug', value: (w) => w.slug },
          { header: 'name', value: (w) => w.name },
          { header: 'created', value: (w) => w.createdAt },
        ]),
      );
    });
  addDatabaseOptions(
    group
      .command('create')
      .description('Create a workspace owned by the first user (the owner made on first start)')
      .argument('<name>', 'display name'),
  )
    .option('--slug <slug>', 'the name commands use (--workspace SLUG); default: from the name')
    .option('--json', 'print the result as JSON')
    .action(async (name: string, flags: Flags & { slug?: string }) => {
      if (flags.slug !== undefined && !SLUG.test(flags.slug)) {
        throw new AppError(
          'VALIDATION',
          '--slug: lower-case letters, digits and dashes, at most 40, starting with a letter or digit',
        );
      }
      const created = await withDatabase(
        localConfigFromFlags(io, flags, 'workspaces create'),
        async (handle) => {
          const deps = cliDeps(handle.db);
          await bootstrapOwner(deps);
          const [owner] = await deps.db
            .select({ id: users.id })
            .from(users)
            .orderBy(asc(users.createdAt));
          if (!owner) {
            throw new AppError('INTERNAL', 'no user to own the workspace');
          }
          if (flags.slug) {
            const [taken] = await deps.db
              .select({ id: workspaces.id })
              .from(workspaces)
              .where(eq(workspaces.slug, flags.slug));
            if (taken) {
              throw new AppError('CONFLICT', `a workspace "${flags.slug}" exists already`);
            }
          }
          return createWorkspace(deps, { name, ownerUserId: owner.id, slug: flags.slug });
        },
      );
      printResult(
        io,
        flags.json,
        created,
        () => `created workspace "${created.name}" (use --workspace ${created.slug})\n`,
      );
    });
}
