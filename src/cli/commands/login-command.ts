import type { Command } from 'commander';
import { asc, eq } from 'drizzle-orm';
import { createLoginToken, loginUrl, safeNextPath } from '@/auth/login-links';
import { AppError } from '@/core/errors';
import { systemClock } from '@/core/ids';
import { users } from '@/db/schema';
import type { CliIo } from '../cli-io';
import {
  addDatabaseOptions,
  configFromFlags,
  type DatabaseFlags,
  withDatabase,
} from '../database-options';
import { examplesText, printResult } from '../print-result';
import { runningServerAddress } from '../server-address';

type LoginFlags = DatabaseFlags & {
  email?: string;
  workspace?: string;
  next?: string;
  url?: string;
  key?: string;
  json?: boolean;
};

export function registerLoginCommand(program: Command, io: CliIo) {
  addDatabaseOptions(
    program
      .command('login')
      .description('Print a new one-time sign-in link for the dashboard (valid 24 h)'),
  )
    .option('--email <email>', 'the user (default: the first user, the owner made on first start)')
    .option('--workspace <slug>', 'open the session in this workspace (if the user is a member)')
    .option('--next <path>', 'dashboard page to land on, e.g. /review')
    .option(
      '--url <url>',
      'the server users open (default: env IOFOLD_URL, else the server running on this data folder, else http://<host>:<port> of the config)',
    )
    .option('--key <secret>', 'ask the server at --url with an owner API key (env IOFOLD_API_KEY)')
    .option('--json', 'print { url, expiresAt } as JSON')
    .addHelpText(
      'after',
      examplesText([
        'iofold login',
        'iofold login --workspace demo --next /review',
        'iofold login --email ada@example.com --url https://iofold.example.com',
        'iofold login --email ada@example.com --url https://iofold.example.com --key sk-if-…',
      ]),
    )
    .action(async (flags: LoginFlags) => {
      const key = flags.key ?? io.env.IOFOLD_API_KEY;
      const url = flags.url ?? io.env.IOFOLD_URL;
      if (key && url) {
        const { createHttpAdmin } = await import('../backend/http-admin');
        const link = await createHttpAdmin(url, key).loginLink(flags.email);
        if (flags.next) {
          const withNext = new URL(link.url);
          withNext.searchParams.set('next', safeNextPath(flags.next));
          link.url = withNext.toString();
        }
        printResult(io, flags.json, link, () => `${link.url}\n`);
        return;
      }
      const config = configFromFlags(io, flags);
      const link = await withDatabase(config, async ({ db }) => {
        const [user] = await db
          .select({ id: users.id })
          .from(users)
          .where(flags.email ? eq(users.email, flags.email) : undefined)
          .orderBy(asc(users.createdAt))
          .limit(1);
        if (!user) {
          throw new AppError(
            flags.email ? 'NOT_FOUND' : 'PRECONDITION_FAILED',
            flags.email
              ? `no user ${flags.email}`
              : 'no user yet: start the server once (iofold serve)',
          );
        }
        const { token, expiresAt } = await createLoginToken(
          { db, now: systemClock },
          { userId: user.id },
        );
        const base =
          flags.url ??
          io.env.IOFOLD_URL ??
          runningServerAddress(config.dataDir) ??
          `http://${config.host}:${config.port}`;
        const next = flags.next ? safeNextPath(flags.next) : undefined;
        return {
          url: loginUrl(base, token, { workspace: flags.workspace, next }),
          expiresAt: expiresAt.toISOString(),
        };
      });
      printResult(io, flags.json, link, () => `${link.url}\n`);
    });
}
