import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { listMembers } from './list-members';

export async function assertNotLastOwner(ctx: Ctx, userId: string): Promise<void> {
  const owners = (await listMembers(ctx)).filter((m) => m.role === 'owner');
  if (owners.length === 1 && owners[0]?.userId === userId) {
    throw new AppError('PRECONDITION_FAILED', 'a workspace needs at least one owner');
  }
}
