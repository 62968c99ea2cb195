import { z } from '@hono/zod-openapi';
import { EvalView } from '@/core/eval-view';
import { SANDBOX_LIMITS } from './limits';

/** The remote-sandbox HTTP protocol (`iofold sandbox serve`), shared by server and client. */
export const SANDBOX_PATHS = { check: '/v1/check', run: '/v1/run', status: '/v1/status' } as const;

/** Largest request body the sandbox server reads (bytes). */
export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

const Code = z.string().max(SANDBOX_LIMITS.codeBytes);
export const CheckRequest = z.object({ code: Code, workspaceId: z.string().max(200).optional() });
export const RunRequest = z.object({
  code: Code,
  traces: z.array(EvalView).max(20_000),
  /** The workspace the run belongs to: runs of different workspaces never share a process. */
  workspaceId: z.string().min(1).max(200),
  timeoutMsPerTrace: z.number().int().min(1).max(60_000).optional(),
  /** Answers to bridge questions by question id (the sandbox service has no model). */
  answers: z
    .array(z.object({ id: z.string().regex(/^[0-9a-f]{32}$/), a: z.string().max(20_000) }))
    .max(20_000)
    .optional(),
});
export type RunRequest = z.infer<typeof RunRequest>;
