import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { assertOwner } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { patchRecord } from '@/core/patch-record';
import { workspaces } from '@/db/schema';
import { type BridgeSettings, DEFAULT_BRIDGE_SETTINGS } from './bridge-settings';
import { assertUnderCeilings, capLimits, workspaceCeilings } from './model-limit-ceilings';
import { spentToday } from './spent-today';

/** The bridge limits a workspace may set (`GET/PATCH /v1/workspace/model-limits`). */
export const ModelLimits = z
  .strictObject({
    judgeMaxOutputTokens: z.number().int().min(1).max(4_096),
    askMaxOutputTokens: z.number().int().min(1).max(32_000),
    callTimeoutMs: z.number().int().min(1_000).max(600_000),
    maxCallsPerRun: z.number().int().min(0).max(10_000_000),
    maxCostUsdPerRun: z.number().min(0).max(1_000_000),
    maxCallsPerDay: z.number().int().min(0).max(100_000_000),
    maxCostUsdPerDay: z.number().min(0).max(10_000_000),
    concurrency: z.number().int().min(1).max(64),
  })
  .openapi('ModelLimits');
export type ModelLimits = z.infer<typeof ModelLimits>;
type Key = keyof ModelLimits;
const KEYS = Object.keys(ModelLimits.shape) as Key[];

export const UpdateModelLimitsInput = z
  .strictObject(
    Object.fromEntries(KEYS.map((k) => [k, ModelLimits.shape[k].nullable().optional()])) as {
      [K in Key]: z.ZodOptional<z.ZodNullable<(typeof ModelLimits.shape)[K]>>;
    },
  )
  .openapi('UpdateModelLimitsInput', {
    description: 'A number sets the limit for the workspace; null returns it to the default.',
  });
export type UpdateModelLimitsInput = z.input<typeof UpdateModelLimitsInput>;

export const ModelLimitsView = z
  .object({
    defaults: ModelLimits,
    overrides: ModelLimits.partial(),
    /** What runs use: the overrides over the defaults, each capped at its ceiling. */
    effective: ModelLimits,
    /**
     * The server operator's caps (`IOFOLD_LLM_CEILING_*`) while the workspace's model calls use
     * the server's provider; null when the workspace has a model provider integration of its own.
     */
    ceilings: ModelLimits.nullable(),
    /** What the workspace's model calls made (and cached) since 00:00 UTC cost. */
    today: z.object({ calls: z.number().int(), costUsd: z.number() }),
  })
  .openapi('ModelLimitsView');
export type ModelLimitsView = z.infer<typeof ModelLimitsView>;

const defaults = (): ModelLimits =>
  Object.fromEntries(KEYS.map((k) => [k, DEFAULT_BRIDGE_SETTINGS[k]])) as ModelLimits;

/** The stored overrides that are still valid limits (anything else is ignored). */
function validOverrides(stored: Record<string, unknown> | undefined): Partial<ModelLimits> {
  return Object.fromEntries(
    KEYS.flatMap((k) =>
      stored && ModelLimits.shape[k].safeParse(stored[k]).success ? [[k, stored[k]]] : [],
    ),
  );
}

async function storedSettings(ctx: Pick<Ctx, 'db' | 'workspaceId'>) {
  const [row] = await ctx.db
    .select({ settings: workspaces.settings })
    .from(workspaces)
    .where(eq(workspaces.id, ctx.workspaceId));
  return row?.settings ?? {};
}

/**
 * The bridge settings a run in the ctx's workspace uses: the defaults with its overrides, capped
 * at the operator's ceilings while it uses the server's provider (model-limit-ceilings.ts).
 */
export async function workspaceBridgeSettings(
  ctx: Pick<Ctx, 'db' | 'workspaceId' | 'llmEnv'>,
): Promise<BridgeSettings> {
  const overrides = validOverrides((await storedSettings(ctx)).modelLimits);
  return capLimits({ ...DEFAULT_BRIDGE_SETTINGS, ...overrides }, await workspaceCeilings(ctx));
}

/** The workspace's model limits (defaults, its overrides, ceilings, what applies) and today's spending. */
export async function getModelLimits(ctx: Ctx): Promise<ModelLimitsView> {
  const overrides = validOverrides((await storedSettings(ctx)).modelLimits);
  const ceilings = await workspaceCeilings(ctx);
  return {
    defaults: defaults(),
    overrides,
    effective: capLimits({ ...defaults(), ...overrides }, ceilings),
    ceilings,
    today: await spentToday(ctx),
  };
}

/**
 * Sets or clears (null) the workspace's model limits (owners only); other limits are kept. A value
 * over the operator's ceiling is a 400 that names it.
 */
export async function updateModelLimits(
  ctx: Ctx,
  changes: UpdateModelLimitsInput,
): Promise<ModelLimitsView> {
  assertOwner(ctx);
  const parsed = UpdateModelLimitsInput.parse(changes);
  assertUnderCeilings(parsed, await workspaceCeilings(ctx));
  const settings = await storedSettings(ctx);
  const next = patchRecord<number>(validOverrides(settings.modelLimits), parsed);
  await ctx.db
    .update(workspaces)
    .set({ settings: { ...settings, modelLimits: next }, updatedAt: ctx.now() })
    .where(eq(workspaces.id, ctx.workspaceId));
  return getModelLimits(ctx);
}
