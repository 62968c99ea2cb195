import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { AppError, notFound } from '@/core/errors';
import { users } from '@/db/schema';
import { hashPassword, verifyPassword } from './password-hash';

/** What a new password must be: long enough to resist guessing, short enough to hash cheaply. */
export const NewPassword = z.string().min(10, 'use at least 10 characters').max(200);

export const SetPasswordInput = z
  .strictObject({
    currentPassword: z.string().min(1).max(1000).optional().openapi({
      description: 'Required when the user already has a password',
    }),
    newPassword: NewPassword,
  })
  .openapi('SetPasswordInput');
export type SetPasswordInput = z.input<typeof SetPasswordInput>;

/**
 * Sets the signed-in user's password (first time) or changes it (`currentPassword` must match).
 * Password sign-in (`POST /v1/auth/login` with email and password) works from then on.
 */
export async function setPassword(
  deps: Pick<Deps, 'db' | 'now'>,
  input: { userId: string } & SetPasswordInput,
): Promise<void> {
  const parsed = SetPasswordInput.parse({
    currentPassword: input.currentPassword,
    newPassword: input.newPassword,
  });
  const [user] = await deps.db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, input.userId))
    .limit(1);
  if (!user) {
    throw notFound('user', input.userId);
  }
  if (user.passwordHash) {
    const ok =
      parsed.currentPassword !== undefined &&
      (await verifyPassword(parsed.currentPassword, user.passwordHash));
    if (!ok) {
      throw new AppError('UNAUTHORIZED', 'the current password is missing or wrong');
    }
  }
  await deps.db
    .update(users)
    .set({ passwordHash: await hashPassword(parsed.newPassword), updatedAt: deps.now() })
    .where(eq(users.id, input.userId));
}
