import { z } from '@hono/zod-openapi';
import { and, asc, eq, or } from 'drizzle-orm';
import { IsoDate } from '@/api/openapi-schemas';
import type { Ctx } from '@/core/context';
import { AppError, notFound } from '@/core/errors';
import { service } from '@/core/service';
import { deleteInWorkspace, inWorkspace } from '@/db/in-workspace';
import { type SavedView, savedViews, users } from '@/db/schema';
import { MetadataKey } from '@/traces/query/trace-list-columns';

/** The filter keys a view keeps: the trace list's URL filters (GET /v1/traces' query, as text). */
export const VIEW_FILTER_KEYS = [
  'agentId',
  'label',
  'source',
  'hasErrors',
  'q',
  'metaKey',
  'metaValue',
  'sessionId',
  'userId',
] as const;

export const SavedViewState = z.strictObject({
  filter: z.partialRecord(z.enum(VIEW_FILTER_KEYS), z.string().min(1).max(256)),
  columns: z.array(MetadataKey).max(8),
});

export const CreateSavedViewInput = z
  .strictObject({
    name: z.string().trim().min(1).max(80),
    shared: z.boolean().default(false).openapi({ description: 'Shown to every member' }),
    filter: SavedViewState.shape.filter,
    columns: SavedViewState.shape.columns.default([]),
  })
  .openapi('CreateSavedViewInput');

export const SavedViewView = z
  .object({
    id: z.string(),
    name: z.string(),
    shared: z.boolean(),
    mine: z.boolean(),
    owner: z.object({ userId: z.string(), name: z.string().nullable(), email: z.string() }),
    filter: z.record(z.string(), z.string()),
    columns: z.array(z.string()),
    createdAt: IsoDate,
  })
  .openapi('SavedView');
export type SavedViewView = z.infer<typeof SavedViewView>;

/** Saved views belong to people: an API key has no views of its own. */
function userOf(ctx: Ctx): string {
  if (ctx.actor.type !== 'user') {
    throw new AppError('FORBIDDEN', 'saved views belong to people: sign in to use them');
  }
  return ctx.actor.userId;
}

const visibleTo = (ctx: Ctx, userId: string) =>
  inWorkspace(ctx, savedViews, [or(eq(savedViews.userId, userId), eq(savedViews.shared, true))]);

function toView(
  row: SavedView & { ownerName: string | null; ownerEmail: string },
  me: string,
): SavedViewView {
  return {
    id: row.id,
    name: row.name,
    shared: row.shared,
    mine: row.userId === me,
    owner: { userId: row.userId, name: row.ownerName, email: row.ownerEmail },
    filter: row.state.filter,
    columns: row.state.columns,
    createdAt: row.createdAt.toISOString(),
  };
}

async function selectViews(ctx: Ctx, me: string, id?: string): Promise<SavedViewView[]> {
  const rows = await ctx.db
    .select({ view: savedViews, ownerName: users.name, ownerEmail: users.email })
    .from(savedViews)
    .innerJoin(users, eq(users.id, savedViews.userId))
    .where(and(visibleTo(ctx, me), id ? eq(savedViews.id, id) : undefined))
    .orderBy(asc(savedViews.name), asc(savedViews.id))
    .limit(200);
  return rows.map((r) =>
    toView({ ...r.view, ownerName: r.ownerName, ownerEmail: r.ownerEmail }, me),
  );
}

/** Your views and the workspace's shared ones, by name. */
export async function listSavedViews(ctx: Ctx): Promise<SavedViewView[]> {
  return selectViews(ctx, userOf(ctx));
}

/** Saves the trace list's filter and columns under a name, yours or shared with the workspace. */
export const createSavedView = service(
  CreateSavedViewInput,
  (ctx) => void userOf(ctx),
  async (ctx, parsed): Promise<SavedViewView> => {
    const me = userOf(ctx);
    const id = ctx.newId('view');
    const now = ctx.now();
    await ctx.db.insert(savedViews).values({
      id,
      workspaceId: ctx.workspaceId,
      userId: me,
      name: parsed.name,
      shared: parsed.shared,
      state: { filter: parsed.filter as Record<string, string>, columns: parsed.columns },
      createdAt: now,
      updatedAt: now,
    });
    const [view] = await selectViews(ctx, me, id);
    if (!view) {
      throw notFound('saved view', id);
    }
    return view;
  },
);

/** Deletes one of your views; another member's shared view is FORBIDDEN, a private one NOT_FOUND. */
export async function deleteSavedView(ctx: Ctx, input: { id: string }): Promise<void> {
  const me = userOf(ctx);
  const [view] = await selectViews(ctx, me, input.id);
  if (!view) {
    throw notFound('saved view', input.id);
  }
  if (!view.mine) {
    throw new AppError('FORBIDDEN', 'only the member who saved a view can delete it');
  }
  await deleteInWorkspace(ctx, savedViews, [eq(savedViews.id, view.id)]);
}
