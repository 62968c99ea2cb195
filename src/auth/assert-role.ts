import type { Ctx, Role } from '@/core/context';
import { AppError } from '@/core/errors';

const RANK: Record<Role, number> = { viewer: 0, member: 1, owner: 2 };

/** The acting role; jobs and the system act with owner rights inside their workspace. */
export function actorRole(ctx: Pick<Ctx, 'actor'>): Role {
  return ctx.actor.type === 'user' || ctx.actor.type === 'apiKey' ? ctx.actor.role : 'owner';
}

/** The acting person's user id (what `created_by` records); null for API keys, jobs and the system. */
export function actingUserId(ctx: Pick<Ctx, 'actor'>): string | null {
  return ctx.actor.type === 'user' ? ctx.actor.userId : null;
}

/** Throws FORBIDDEN unless the actor has at least `minimum` (viewer < member < owner). */
export function assertRole(ctx: Pick<Ctx, 'actor'>, minimum: Role): void {
  const role = actorRole(ctx);
  if (RANK[role] < RANK[minimum]) {
    throw new AppError('FORBIDDEN', `this action needs the ${minimum} role (you are ${role})`);
  }
}

/** Shorthand for what only owners may do (members, API keys and settings). */
export function assertOwner(ctx: Pick<Ctx, 'actor'>): void {
  assertRole(ctx, 'owner');
}

/** Shorthand for writes: members and owners may write, viewers may only read. */
export function assertCanWrite(ctx: Pick<Ctx, 'actor'>): void {
  assertRole(ctx, 'member');
}
