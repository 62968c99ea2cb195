import { z } from '@hono/zod-openapi';

/** How many traces carry each label, as agents, trace groups and tasks show it. */
export const LabelCounts = z.object({
  positive: z.number().int(),
  negative: z.number().int(),
  neutral: z.number().int(),
});
export type LabelCounts = z.infer<typeof LabelCounts>;

/** Counts of no labelled trace, to add to. */
export const emptyLabelCounts = (): LabelCounts => ({ positive: 0, negative: 0, neutral: 0 });
