import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';

/** One label per trace per labeller: `user:<id>` for people, `apiKey:<id>` for API keys. */
export function labellerOf(ctx: Pick<Ctx, 'actor'>): {
  key: string;
  userId: string | null;
  source: 'human' | 'api';
} {
  switch (ctx.actor.type) {
    case 'user':
      return { key: `user:${ctx.actor.userId}`, userId: ctx.actor.userId, source: 'human' };
    case 'apiKey':
      return { key: `apiKey:${ctx.actor.keyId}`, userId: null, source: 'api' };
    default:
      throw new AppError('FORBIDDEN', 'only people and API keys can label traces');
  }
}
