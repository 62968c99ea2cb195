import { z } from '@hono/zod-openapi';

/** Per-workspace retention (`PATCH /v1/workspace` `retention`), applied by the scheduled job. */
export const RetentionSettings = z.strictObject({
  /** Drop span payloads (input, output, events, attributes as sent) of traces older than this. */
  spanPayloadDays: z.number().int().min(1).max(36_500).nullable().optional(),
  /** Delete whole traces older than this. */
  traceDays: z.number().int().min(1).max(36_500).nullable().optional(),
  /**
   * Also drop traces that are kept otherwise: labelled ones, those a taskset's task was made from,
   * and those an eval generation ran its candidates on (its training set).
   */
  includeKept: z.boolean().optional(),
});
export type RetentionSettings = z.infer<typeof RetentionSettings>;
