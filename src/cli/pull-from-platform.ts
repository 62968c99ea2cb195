import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createAesGcmSecrets } from '@/core/aes-gcm-secrets';
import type { ResolvedNodeConfig } from '@/core/config';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { loadSecretKey } from '@/hosts/secret-key.node.js';
import { defaultBaseUrl } from '@/integrations/integration-input';
import { syncIntegration } from '@/integrations/sync-integration';
import { type PullOptions, type PullResult, pullTraces } from '@/traces/pull/pull-traces';
import { isPullPlatform, PULL_PLATFORMS } from '@/traces/pull/pull-types';
import type { CliIo } from './cli-io';
import { createProgressBar, type ProgressBar } from './progress-bar';

export type PullFlags = {
  from: string;
  url?: string;
  key?: string;
  publicKey?: string;
  project?: string;
  integration?: string;
};

/** The platforms' own environment variables, used when the flags are absent. */
const ENV = {
  langfuse: { url: 'LANGFUSE_HOST', key: 'LANGFUSE_SECRET_KEY', publicKey: 'LANGFUSE_PUBLIC_KEY' },
  langsmith: { url: 'LANGSMITH_ENDPOINT', key: 'LANGSMITH_API_KEY', publicKey: '' },
  phoenix: { url: 'PHOENIX_HOST', key: 'PHOENIX_API_KEY', publicKey: '' },
} as const;

function progressOptions(io: CliIo): Pick<PullOptions, 'onProgress' | 'onLog'> & {
  done(summary: string): void;
} {
  let bar: ProgressBar | null = null;
  let stream = '';
  return {
    onProgress(p) {
      if (p.stream !== stream) {
        bar?.finish(`pulled ${stream}`);
        stream = p.stream;
        bar = createProgressBar(io, `pulling ${p.stream}`);
      }
      bar?.update(p.streamRecords, p.total ?? undefined);
    },
    onLog: (line) => io.err(`${line}\n`),
    done: (summary) => (bar ? bar.finish(summary) : io.err(`${summary}\n`)),
  };
}

/**
 * `iofold import --from PLATFORM`: pulls a stored integration (`--integration`, its key decrypted
 * with the server's secrets key, its cursor kept) or the platform named by flags/env (whole
 * history each time; idempotent) into the workspace of `ctx`.
 */
export async function pullFromPlatform(
  io: CliIo,
  ctx: Ctx,
  config: ResolvedNodeConfig,
  flags: PullFlags,
): Promise<PullResult> {
  const platform = flags.from;
  if (!isPullPlatform(platform)) {
    throw new AppError('VALIDATION', `--from must be one of ${PULL_PLATFORMS.join(', ')}`);
  }
  const progress = progressOptions(io);
  let result: PullResult;
  if (flags.integration) {
    if (!config.secretKey && !existsSync(join(config.dataDir, 'secret.key'))) {
      throw new AppError(
        'PRECONDITION_FAILED',
        `no secrets key in ${config.dataDir} (or IOFOLD_SECRET_KEY) to read the integration's key`,
      );
    }
    const secrets = createAesGcmSecrets(loadSecretKey(config).key);
    result = await syncIntegration({ ...ctx, secrets }, { id: flags.integration }, progress);
  } else {
    const env = ENV[platform];
    const url = flags.url ?? io.env[env.url] ?? defaultBaseUrl(platform);
    const publicKey = flags.publicKey ?? (env.publicKey ? io.env[env.publicKey] : undefined);
    result = await pullTraces(
      ctx,
      {
        platform,
        baseUrl: url,
        secret: flags.key ?? io.env[env.key] ?? null,
        config: {
          ...(publicKey ? { publicKey } : {}),
          ...(flags.project ? { project: flags.project } : {}),
        },
      },
      progress,
    );
  }
  progress.done(
    `pulled ${result.records} records from ${platform}: ${result.created} new traces, ${result.updated} updated`,
  );
  return result;
}
