import type { Ctx, Deps } from '@/core/context';
import type { RateLimiter } from './rate-limiter';

export type AppLimits = {
  /** Login attempts per client address and per email. */
  login: RateLimiter;
  /** Writes per API key. */
  keyWrites: RateLimiter;
};

/** Who signed in, when the credential is a dashboard session (null for API keys). */
export type SessionInfo = { sessionId: string; userId: string; csrfToken: string };

export type AppVariables = {
  requestId: string;
  deps: Deps;
  limits: AppLimits;
  /** Set by the auth middleware on every authenticated route. */
  ctx: Ctx;
  session: SessionInfo | null;
};

/** Hono environment shared by every route: request id, deps, and (after auth) the workspace ctx. */
export type AppEnv = { Variables: AppVariables };
