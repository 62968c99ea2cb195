import type { Context } from 'hono';
import type { AppEnv } from '@/api/env';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';

/** The workspace context the auth middleware put on the request; 401 when there is none. */
export function workspaceCtx(c: Context<AppEnv>): Ctx {
  const ctx = c.get('ctx');
  if (!ctx) {
    throw new AppError(
      'UNAUTHORIZED',
      'an API key is required: Authorization: Basic base64(pk:sk) or Bearer sk-if-…',
    );
  }
  return ctx;
}
