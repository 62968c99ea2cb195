import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { AppError } from '@/core/errors';
import { randomToken, sha256Hex } from '@/core/web-crypto';
import { loginTokens } from '@/db/schema';

const LOGIN_LINK_TTL_MS = 24 * 60 * 60 * 1000;

/** A one-time login token for `userId` (only its hash is stored). Build the link with `loginUrl`. */
export async function createLoginToken(
  deps: Pick<Deps, 'db' | 'now'>,
  input: { userId: string; ttlMs?: number },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + (input.ttlMs ?? LOGIN_LINK_TTL_MS));
  await deps.db.insert(loginTokens).values({
    id: await sha256Hex(token),
    userId: input.userId,
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt };
}

/**
 * The link for a token. `workspace` (a slug) opens the session in that workspace when the user is
 * a member; `next` is a dashboard path (relative only) to land on after signing in.
 */
export function loginUrl(
  baseUrl: string,
  token: string,
  options: { workspace?: string; next?: string } = {},
): string {
  const query = new URLSearchParams({ token });
  if (options.workspace) {
    query.set('workspace', options.workspace);
  }
  if (options.next) {
    query.set('next', options.next);
  }
  return `${baseUrl.replace(/\/$/, '')}/login?${query}`;
}

/** `next` as a same-origin path (`/review?x=1`), or `/` for anything else (no open redirect). */
export function safeNextPath(next: string | undefined): string {
  const hasControl = [...(next ?? '')].some((ch) => ch < ' ');
  if (!next?.startsWith('/') || next.startsWith('//') || next.includes('\\') || hasControl) {
    return '/';
  }
  const base = 'http://iofold.invalid';
  const url = new URL(next, base);
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/';
}

/** Uses a login token once (one UPDATE, so two racing requests cannot both win); UNAUTHORIZED otherwise. */
export async function consumeLoginToken(
  deps: Pick<Deps, 'db' | 'now'>,
  token: string,
): Promise<{ userId: string }> {
  const now = deps.now();
  const [used] = await deps.db
    .update(loginTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(loginTokens.id, await sha256Hex(token)),
        isNull(loginTokens.usedAt),
        gt(loginTokens.expiresAt, now),
      ),
    )
    .returning({ userId: loginTokens.userId });
  if (!used) {
    throw new AppError('UNAUTHORIZED', 'this login link is invalid, used or expired');
  }
  return used;
}
