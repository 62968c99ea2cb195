import { z } from '@hono/zod-openapi';

export const SplitInput = z
  .strictObject({
    seed: z.number().int().min(0).max(2_147_483_647).default(0),
    val: z.number().int().min(0).max(100_000).optional().openapi({
      description: 'Validation tasks (default max(5, 30%) capped at 50)',
    }),
    test: z.number().int().min(0).max(100_000).optional().openapi({
      description: 'Test tasks (default 20%, none under 10 tasks)',
    }),
  })
  .openapi('SplitInput');
export type SplitInput = z.input<typeof SplitInput>;
