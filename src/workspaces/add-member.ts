import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { assertOwner } from '@/auth/assert-role';
import { createLoginToken } from '@/auth/login-links';
import { AppError } from '@/core/errors';
import { service } from '@/core/service';
import { conflictOnDuplicate } from '@/db/errors';
import { MEMBER_ROLES, memberships, users } from '@/db/schema';
import { getMemberOrThrow } from './list-members';
import { MemberView } from './member-view';

export const AddMemberInput = z
  .strictObject({
    email: z.string().trim().toLowerCase().pipe(z.email()),
    name: z.string().trim().min(1).max(100).optional(),
    role: z.enum(MEMBER_ROLES).default('member'),
  })
  .openapi('AddMemberInput');

export const AddedMember = z
  .object({
    member: MemberView,
    loginToken: z.string().nullable().openapi({
      description: 'One-time sign-in token for a new user (`/login?token=…`), shown once',
    }),
  })
  .openapi('AddedMember');
export type AddedMember = z.infer<typeof AddedMember>;

/** Adds a person by email (creating the user when new; owners only). CONFLICT when already a member. */
export const addMember = service(
  AddMemberInput,
  assertOwner,
  async (ctx, parsed): Promise<AddedMember> => {
    const now = ctx.now();
    let [user] = await ctx.db.select().from(users).where(eq(users.email, parsed.email)).limit(1);
    let loginToken: string | null = null;
    if (!user) {
      const id = ctx.newId('usr');
      [user] = await ctx.db
        .insert(users)
        .values({
          id,
          email: parsed.email,
          name: parsed.name ?? parsed.email.split('@')[0] ?? parsed.email,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      loginToken = (await createLoginToken(ctx, { userId: id })).token;
    }
    if (!user) {
      throw new AppError('INTERNAL', 'user insert returned nothing');
    }
    await conflictOnDuplicate(`${parsed.email} is already a member`, async () => {
      await ctx.db.insert(memberships).values({
        workspaceId: ctx.workspaceId,
        userId: user.id,
        role: parsed.role,
        createdAt: now,
      });
    });
    return { member: await getMemberOrThrow(ctx, user.id), loginToken };
  },
);
