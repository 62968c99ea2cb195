import { z } from '@hono/zod-openapi';
import { count, sql } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { AppError } from '@/core/errors';
import { constantTimeEqual } from '@/core/web-crypto';
import { apiKeys, memberships, users, workspaces } from '@/db/schema';
import { slugify } from '@/workspaces/create-workspace';
import { newApiKeyMaterial } from './api-key-format';
import { hashPassword } from './password-hash';
import { NewPassword } from './set-password';

export const SetupInput = z
  .strictObject({
    token: z.string().min(1).max(500).openapi({ description: 'The IOFOLD_SETUP_TOKEN secret' }),
    email: z.string().trim().toLowerCase().pipe(z.email()),
    name: z.string().trim().min(1).max(100).optional(),
    password: NewPassword,
    workspace: z.string().trim().min(1).max(100).default('Default').openapi({
      description: 'Name of the first workspace',
    }),
  })
  .openapi('SetupInput');
export type SetupInput = z.input<typeof SetupInput>;

export const SetupState = z
  .object({
    open: z.boolean().openapi({ description: 'True while setup can create the first owner' }),
    message: z.string(),
  })
  .openapi('SetupState');
export type SetupState = z.infer<typeof SetupState>;

export type SetupResult = { userId: string; workspaceId: string; slug: string; secretKey: string };

async function hasUsers(deps: Pick<Deps, 'db'>): Promise<boolean> {
  const [row] = await deps.db.select({ n: count() }).from(users);
  return (row?.n ?? 0) > 0;
}

const CLOSED = 'setup is closed: an owner exists; ask an owner for a sign-in link';
const UNCONFIGURED = 'setup is not configured: set the IOFOLD_SETUP_TOKEN secret';

/** Whether the one-time setup can run, and what to do when it cannot. */
export async function getSetupState(deps: Pick<Deps, 'db' | 'setupToken'>): Promise<SetupState> {
  if (await hasUsers(deps)) {
    return { open: false, message: CLOSED };
  }
  if (!deps.setupToken) {
    return { open: false, message: UNCONFIGURED };
  }
  return { open: true, message: 'no owner yet: set up the first owner with the setup token' };
}

/**
 * The one-time setup of a fresh deployment: with the `IOFOLD_SETUP_TOKEN` secret, creates the
 * first owner (with a password), their workspace and an owner API key (secret returned once), in
 * one batch. Closed (CONFLICT) as soon as any user exists, also for a request racing this one.
 */
export async function setupFirstOwner(
  deps: Pick<Deps, 'db' | 'newId' | 'now' | 'setupToken'>,
  input: SetupInput,
): Promise<SetupResult> {
  const parsed = SetupInput.parse(input);
  if (await hasUsers(deps)) {
    throw new AppError('CONFLICT', CLOSED);
  }
  if (!deps.setupToken) {
    throw new AppError('PRECONDITION_FAILED', UNCONFIGURED);
  }
  if (!constantTimeEqual(parsed.token, deps.setupToken)) {
    throw new AppError('UNAUTHORIZED', 'wrong setup token');
  }
  const now = deps.now();
  const userId = deps.newId('usr');
  const workspaceId = deps.newId('ws');
  const slug = slugify(parsed.workspace);
  const key = await newApiKeyMaterial();
  const passwordHash = await hashPassword(parsed.password);
  const name = parsed.name ?? parsed.email.split('@')[0] ?? parsed.email;
  const { db } = deps;
  try {
    await db.batch([
      // Inserts nothing once a user exists; the membership's foreign key then fails the batch.
      db.insert(users).select(
        db
          .select({
            id: sql`${userId}`.as('id'),
            email: sql`${parsed.email}`.as('email'),
            name: sql`${name}`.as('name'),
            passwordHash: sql`${passwordHash}`.as('password_hash'),
            createdAt: sql`${now.getTime()}`.as('created_at'),
            updatedAt: sql`${now.getTime()}`.as('updated_at'),
          })
          .from(sql`(select 1)`)
          .where(sql`not exists (select 1 from ${users})`),
      ),
      db
        .insert(workspaces)
        .values({ id: workspaceId, name: parsed.workspace, slug, createdAt: now, updatedAt: now }),
      db.insert(memberships).values({ workspaceId, userId, role: 'owner', createdAt: now }),
      db.insert(apiKeys).values({
        id: deps.newId('key'),
        workspaceId,
        name: 'setup',
        publicKey: key.publicKey,
        secretHash: key.secretHash,
        secretHint: key.secretHint,
        role: 'owner',
        createdBy: userId,
        createdAt: now,
      }),
    ]);
  } catch (error) {
    // A setup racing this one won (its user or slug came first): setup is closed now.
    if (await hasUsers(deps)) {
      throw new AppError('CONFLICT', CLOSED);
    }
    throw error;
  }
  return { userId, workspaceId, slug, secretKey: key.secret };
}
