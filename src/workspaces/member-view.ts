import { z } from '@hono/zod-openapi';
import { IsoDate } from '@/api/openapi-schemas';
import { MEMBER_ROLES } from '@/db/schema';

export const MemberView = z
  .object({
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(MEMBER_ROLES),
    joinedAt: IsoDate,
  })
  .openapi('Member');
export type MemberView = z.infer<typeof MemberView>;
