import type { Ctx, Deps } from '@/core/context';

export type AppVariables = { requestId: string; deps: Deps; ctx: Ctx };

/** Hono environment shared by every route: request id, deps, and (after auth) the workspace ctx. */
export type AppEnv = { Variables: AppVariables };
