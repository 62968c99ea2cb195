import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';

/** A user as the session and `whoami` show them. */
export const UserView = z.object({ id: z.string(), email: z.string(), name: z.string() });
export type UserView = z.infer<typeof UserView>;

/** The user with this id, or undefined when there is none. */
export async function findUserView(db: Db, userId: string): Promise<UserView | undefined> {
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return user;
}
