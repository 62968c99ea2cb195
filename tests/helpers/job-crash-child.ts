import { sql } from 'drizzle-orm';
import { nodeConfigFromEnv } from '@/core/config';
import { silentLogger } from '@/core/logger';
import { startNodeHost } from '@/hosts/node';

/** The real Node host and worker loop over a database file; the crash test SIGKILLs it. */
const [dataDir, databasePath] = process.argv.slice(2);
await startNodeHost(nodeConfigFromEnv({}, { dataDir, databasePath, port: 0 }), silentLogger, {
  monitoring: false,
  jobs: {
    worker: { concurrency: 4, leaseMs: 600, pollMs: 100 },
    handlers: {
      noop: async (ctx, payload) => {
        await ctx.db.run(
          sql`insert into crash_starts (job_id, attempt) values (${ctx.job.id}, ${ctx.job.attempt})`,
        );
        await new Promise((resolve) => setTimeout(resolve, payload.sleepMs ?? 0));
        // the effect has a unique key: running twice (at-least-once) never doubles it
        await ctx.db.run(
          sql`insert into crash_effects (key, attempt) values (${ctx.job.id}, ${ctx.job.attempt}) on conflict (key) do nothing`,
        );
        return { attempt: ctx.job.attempt };
      },
    },
  },
});
process.stdout.write('ready\n');
