import { nodeConfigFromEnv } from '@/core/config';
import { silentLogger } from '@/core/logger';
import { startNodeHost } from '@/hosts/node';

/**
 * The real Node host with its worker loop and the real job handlers over a database file, the
 * model at the given URL; the taskset-run crash test SIGKILLs it mid-run.
 */
const [dataDir, databasePath, llmBaseUrl] = process.argv.slice(2);
await startNodeHost(
  nodeConfigFromEnv(
    { IOFOLD_LLM_BASE_URL: llmBaseUrl, IOFOLD_LLM_MODEL: 'gpt-4o-mini' },
    { dataDir, databasePath, port: 0 },
  ),
  silentLogger,
  { monitoring: false, jobs: { worker: { concurrency: 1, leaseMs: 1500, pollMs: 100 } } },
);
process.stdout.write('ready\n');
