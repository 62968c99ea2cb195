import type { Ctx, Deps } from './context';

/** A ctx for trusted callers outside HTTP (CLI, bootstrap, tests): owner rights in one workspace. */
export function createSystemCtx(deps: Deps, workspaceId: string, requestId = 'system'): Ctx {
  return { ...deps, workspaceId, actor: { type: 'system' }, requestId };
}
