import type { Command } from 'commander';
import { bootstrapOwner } from '@/auth/bootstrap-owner';
import { loginUrl } from '@/auth/login-links';
import type { Deps } from '@/core/context';
import { AppError } from '@/core/errors';
import { newId, systemClock } from '@/core/ids';
import { silentLogger } from '@/core/logger';
import { onePage } from '@/core/page';
import { createUnavailableSandbox } from '@/core/ports/sandbox';
import { createUnavailableSecrets } from '@/core/ports/secrets';
import { createSystemCtx } from '@/core/system-ctx';
import { IOFOLD_VERSION } from '@/core/version';
import type { Db } from '@/db/client';
import { workspaces } from '@/db/schema';
import { createDbJobQueue } from '@/jobs/create-db-job-queue';
import { createJobEventBus } from '@/jobs/create-job-event-bus';
import type { ApiKeyView } from '@/workspaces/api-key-view';
import { type CreatedApiKey, createApiKey } from '@/workspaces/create-api-key';
import { getApiKeyOrThrow } from '@/workspaces/get-api-key-or-throw';
import { listApiKeys } from '@/workspaces/list-api-keys';
import { revokeApiKey } from '@/workspaces/revoke-api-key';
import type { BackendFlags } from '../backend/with-backend';
import type { CliIo } from '../cli-io';
import { confirmDestructive } from '../confirm';
import {
  addDatabaseOptions,
  configFromFlags,
  serverUrlOf,
  withDatabase,
} from '../database-options';
import { examplesText, printResult } from '../print-result';
import { findWorkspace } from '../resolve-workspace';

/** The flags of a data command (`BackendFlags`) but `--as`, which the keys commands do not take. */
type KeyFlags = Omit<BackendFlags, 'as'>;

/** The server's API with an owner key instead of the local database, when `serverUrlOf` names one. */
async function remoteAdmin(io: CliIo, flags: KeyFlags) {
  const url = serverUrlOf(io, flags);
  if (!url) {
    return null;
  }
  const key = flags.key ?? io.env.IOFOLD_API_KEY;
  if (!key && !flags.url) {
    throw new AppError(
      'UNAUTHORIZED',
      `IOFOLD_URL is set, so keys are managed on ${url} and need an owner API key (--key sk-if-… or IOFOLD_API_KEY); for this machine's database, name it: --data-dir DIR or --database PATH`,
    );
  }
  const { createHttpAdmin } = await import('../backend/http-admin');
  return createHttpAdmin(url, key);
}

function printCreated(
  io: CliIo,
  flags: KeyFlags & { quiet?: boolean },
  created: CreatedApiKey,
  workspace: { id: string; slug: string },
) {
  if (flags.quiet) {
    io.out(`${created.secretKey}\n`);
    return;
  }
  printResult(io, flags.json, { ...created, workspaceId: workspace.id }, () =>
    [
      `API key "${created.apiKey.name}" (${created.apiKey.role}) for workspace ${workspace.slug}`,
      `  public key  ${created.apiKey.publicKey}`,
      `  secret key  ${created.secretKey}`,
      '',
      'The secret is shown once. Use it as: Authorization: Bearer <secret key>',
      '',
    ].join('\n'),
  );
}

function printKeys(io: CliIo, flags: KeyFlags, list: ApiKeyView[]) {
  printResult(io, flags.json, onePage(list), () =>
    list
      .map(
        (k) =>
          `${k.id}  ${k.name}  ${k.role}  ${k.secretHint}${k.revokedAt ? '  (revoked)' : ''}\n`,
      )
      .join(''),
  );
}

function offlineDeps(db: Db): Deps {
  const jobEvents = createJobEventBus();
  return {
    db,
    queue: createDbJobQueue({ db, now: systemClock, newId, jobEvents }),
    jobEvents,
    sandbox: createUnavailableSandbox('not needed for key management'),
    secrets: createUnavailableSecrets('not needed for key management'),
    log: silentLogger,
    now: systemClock,
    newId,
    version: IOFOLD_VERSION,
  };
}

/** The workspace `wanted` names (`findWorkspace`); by default `default`, else the oldest one. */
async function resolveWorkspace(db: Db, wanted?: string): Promise<{ id: string; slug: string }> {
  if (wanted) {
    return findWorkspace(db, wanted);
  }
  const rows = await db
    .select({ id: workspaces.id, slug: workspaces.slug, createdAt: workspaces.createdAt })
    .from(workspaces);
  rows.sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime());
  const match = rows.find((w) => w.slug === 'default') ?? rows[0];
  if (!match) {
    throw new AppError('NOT_FOUND', 'no workspace yet; run iofold serve once');
  }
  return match;
}

export function registerKeysCommand(program: Command, io: CliIo) {
  const keys = program
    .command('keys')
    .description('Workspace API keys: create, list, revoke')
    .addHelpText(
      'after',
      examplesText([
        'iofold keys create --name ci',
        'export IOFOLD_API_KEY=$(iofold keys create --name scripts --quiet)',
        'iofold keys list --json',
        'iofold keys revoke key_0123abcd --yes',
        'iofold keys create --name ci --url https://iofold.example.com --key sk-if-…',
      ]),
    );
  const withWorkspace = (command: Command) =>
    addDatabaseOptions(command)
      .option('--workspace <id-or-slug>', 'workspace (default: "default", else the oldest)')
      .option('--url <url>', 'a server instead of the local database (env IOFOLD_URL)')
      .option('--key <secret>', 'with --url: an owner API key, sk-if-… (env IOFOLD_API_KEY)')
      .option('--json', 'print the result as JSON');

  withWorkspace(keys.command('create'))
    .description('Create an API key; the secret is printed once and only its hash is stored')
    .requiredOption('--name <name>', 'what the key is for')
    .option('--role <role>', 'owner, member or viewer', 'member')
    .option('--quiet', 'print only the secret key (for scripts)')
    .action(async (flags: KeyFlags & { name: string; role: string; quiet?: boolean }) => {
      const input = { name: flags.name, role: flags.role as 'owner' | 'member' | 'viewer' };
      const remote = await remoteAdmin(io, flags);
      if (remote) {
        const created = await remote.createKey(input);
        printCreated(io, flags, created, (await remote.workspace()).workspace);
        return;
      }
      const config = configFromFlags(io, flags);
      await withDatabase(config, async (handle) => {
        const deps = offlineDeps(handle.db);
        const boot = await bootstrapOwner(deps);
        if (boot.created) {
          const url = loginUrl(`http://${config.host}:${config.port}`, boot.loginToken);
          io.err(`created the owner and the "default" workspace; sign in once with ${url}\n`);
        }
        const workspace = await resolveWorkspace(handle.db, flags.workspace);
        const created = await createApiKey(createSystemCtx(deps, workspace.id, 'cli'), input);
        printCreated(io, flags, created, workspace);
      });
    });

  withWorkspace(keys.command('list'))
    .description('List API keys (secrets masked)')
    .action(async (flags: KeyFlags) => {
      const remote = await remoteAdmin(io, flags);
      if (remote) {
        printKeys(io, flags, (await remote.listKeys()).data);
        return;
      }
      await withDatabase(configFromFlags(io, flags), async (handle) => {
        const workspace = await resolveWorkspace(handle.db, flags.workspace);
        const ctx = createSystemCtx(offlineDeps(handle.db), workspace.id, 'cli');
        printKeys(io, flags, await listApiKeys(ctx));
      });
    });

  withWorkspace(keys.command('revoke'))
    .description('Revoke an API key at once (asks first in a terminal; --yes otherwise)')
    .argument('<id>', 'key id (see iofold keys list)')
    .option('--yes', 'do not ask (needed when stdin is not a terminal)')
    .action(async (id: string, flags: KeyFlags & { yes?: boolean }) => {
      const remote = await remoteAdmin(io, flags);
      if (remote) {
        const target = (await remote.listKeys()).data.find((k) => k.id === id);
        if (target) {
          await confirmDestructive(
            io,
            flags.yes,
            `This revokes the API key ${target.id} ("${target.name}"): whatever uses it gets 401 from now on`,
          );
        }
        const key = await remote.revokeKey(id);
        printResult(io, flags.json, key, () => `revoked ${key.id} (${key.name})\n`);
        return;
      }
      await withDatabase(configFromFlags(io, flags), async (handle) => {
        const workspace = await resolveWorkspace(handle.db, flags.workspace);
        const ctx = createSystemCtx(offlineDeps(handle.db), workspace.id, 'cli');
        const target = await getApiKeyOrThrow(ctx, id);
        await confirmDestructive(
          io,
          flags.yes,
          `This revokes the API key ${target.id} ("${target.name}"): whatever uses it gets 401 from now on`,
        );
        const key = await revokeApiKey(ctx, { id });
        printResult(io, flags.json, key, () => `revoked ${key.id} (${key.name})\n`);
      });
    });
}
