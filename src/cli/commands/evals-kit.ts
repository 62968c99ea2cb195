/** What the `iofold evals` subcommands share: their runner, options and argument. */
import type { Command } from 'commander';
import type { Ctx } from '@/core/context';
import { createLocalBackend } from '../backend/local-backend';
import type { CliIo } from '../cli-io';
import { resolveEvalRef } from '../resolve-eval-ref';
import type { WorkspaceFlags } from './workspace-command-kit';

export type Flags = WorkspaceFlags;
export type Use<T> = (ctx: Ctx) => Promise<T>;
export type Run = <T>(flags: Flags, command: string, use: Use<T>, sandbox?: boolean) => Promise<T>;
/** What each subcommand needs: output, a subcommand with the database options, and a runner. */
export type Kit = { io: CliIo; sub: (name: string, description: string) => Command; run: Run };

export type HttpFlags = { url?: string; key?: string };
/** The options of a subcommand that also works against a server. */
export const overHttp = (command: Command) =>
  command
    .option('--url <url>', 'a server instead of the local database (env IOFOLD_URL)')
    .option('--key <secret>', 'with a server: API key, sk-if-… (env IOFOLD_API_KEY)');

/** The eval version a command's argument names (an id, a name or NAME@VERSION), in ctx's workspace. */
export const evalIdIn = (ctx: Ctx, ref: string) =>
  resolveEvalRef(ref, () => createLocalBackend(ctx).listEvals());
export const EVAL_ARG =
  "eval version id, or the eval's name (its only or active version; NAME@VERSION for another)";

export const kappa = (m: { kappa: number | null } | null) =>
  m?.kappa === null || m?.kappa === undefined ? '-' : m.kappa.toFixed(2);
