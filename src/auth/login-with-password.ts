import { eq } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { AppError } from '@/core/errors';
import { users } from '@/db/schema';
import { hashPassword, verifyPassword } from './password-hash';

// Verified when the email is unknown, so both failures cost the same time. Lazy: Workers forbid
// crypto.getRandomValues at module scope.
let dummyHash: Promise<string> | undefined;

/** Checks an email and password; one message for every failure (no account oracle). */
export async function loginWithPassword(
  deps: Pick<Deps, 'db'>,
  input: { email: string; password: string },
): Promise<{ userId: string }> {
  const [user] = await deps.db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, input.email.trim().toLowerCase()))
    .limit(1);
  dummyHash ??= hashPassword('not-a-real-password');
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash));
  if (!user?.passwordHash || !ok) {
    throw new AppError('UNAUTHORIZED', 'wrong email or password');
  }
  return { userId: user.id };
}
