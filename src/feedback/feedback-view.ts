import { z } from '@hono/zod-openapi';
import { IsoDate } from '@/api/openapi-schemas';
import { FEEDBACK_SOURCES, feedback, RATINGS, users } from '@/db/schema';

export const FeedbackView = z
  .object({
    id: z.string(),
    traceId: z.string(),
    rating: z.enum(RATINGS),
    notes: z.string(),
    source: z.enum(FEEDBACK_SOURCES),
    labeller: z.object({
      key: z.string().openapi({ description: '`user:<id>` for people, `apiKey:<id>` for keys' }),
      userId: z.string().nullable(),
      name: z.string().nullable(),
      email: z.string().nullable(),
    }),
    createdAt: IsoDate,
    updatedAt: IsoDate,
  })
  .openapi('Feedback');
export type FeedbackView = z.infer<typeof FeedbackView>;

/** Select these (feedback left-joined to users) and map with `toFeedbackView`. */
export const feedbackColumns = {
  id: feedback.id,
  traceId: feedback.traceId,
  rating: feedback.rating,
  notes: feedback.notes,
  source: feedback.source,
  labellerKey: feedback.labellerKey,
  userId: feedback.userId,
  userName: users.name,
  userEmail: users.email,
  createdAt: feedback.createdAt,
  updatedAt: feedback.updatedAt,
};

type Row = {
  id: string;
  traceId: string;
  rating: (typeof RATINGS)[number];
  notes: string;
  source: (typeof FEEDBACK_SOURCES)[number];
  labellerKey: string;
  userId: string | null;
  userName: string | null;
  userEmail: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export function toFeedbackView(row: Row): FeedbackView {
  return {
    id: row.id,
    traceId: row.traceId,
    rating: row.rating,
    notes: row.notes,
    source: row.source,
    labeller: {
      key: row.labellerKey,
      userId: row.userId,
      name: row.userName,
      email: row.userEmail,
    },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
