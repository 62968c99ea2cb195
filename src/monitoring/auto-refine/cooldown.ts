import { eq } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { type AutoRefineCooldown, autoRefineCooldowns } from '@/db/schema';

const HOUR_MS = 3_600_000;
const MAX_COOLDOWN_MS = 7 * 24 * HOUR_MS;

/** Cooldown after a refinement: `base * 2^failures`, capped at 7 days. */
export function cooldownMs(baseHours: number, consecutiveFailures: number): number {
  return Math.min(MAX_COOLDOWN_MS, baseHours * HOUR_MS * 2 ** consecutiveFailures);
}

export type CooldownKey = { workspaceId: string; agentId: string; evalName: string };

export async function readCooldown(
  deps: Pick<Deps, 'db'>,
  key: CooldownKey,
): Promise<AutoRefineCooldown | undefined> {
  const [row] = await deps.db
    .select()
    .from(autoRefineCooldowns)
    .where(
      inWorkspace(key, autoRefineCooldowns, [
        eq(autoRefineCooldowns.agentId, key.agentId),
        eq(autoRefineCooldowns.evalName, key.evalName),
      ]),
    );
  return row;
}

export async function writeCooldown(
  deps: Pick<Deps, 'db' | 'now'>,
  key: CooldownKey,
  values: Partial<Omit<AutoRefineCooldown, keyof CooldownKey>>,
): Promise<void> {
  const now = deps.now();
  await deps.db
    .insert(autoRefineCooldowns)
    .values({ ...key, ...values, updatedAt: now })
    .onConflictDoUpdate({
      target: [
        autoRefineCooldowns.workspaceId,
        autoRefineCooldowns.agentId,
        autoRefineCooldowns.evalName,
      ],
      set: { ...values, updatedAt: now },
    });
}
