import type { Db } from '@/db/client';
import type { MEMBER_ROLES } from '@/db/schema/constants';
import type { Clock, IdFactory } from './ids';
import type { Logger } from './logger';
import type { LlmEnv } from './pick-llm-env';
import type { JobEventBus, JobQueue } from './ports/job-queue';
import type { Sandbox } from './ports/sandbox';
import type { Secrets } from './ports/secrets';
import type { UploadStore } from './ports/upload-store';

export type Role = (typeof MEMBER_ROLES)[number];

/** Who is acting: resolved from a credential by the transport, never from a plain header. */
export type Actor =
  | { type: 'user'; userId: string; role: Role }
  | { type: 'apiKey'; keyId: string; role: Role }
  | { type: 'job'; jobId: string }
  | { type: 'system' };

/** Ports every service may use. Hosts build them once; tests pass fakes. */
export type Deps = {
  db: Db;
  sandbox: Sandbox;
  queue: JobQueue;
  jobEvents: JobEventBus;
  /** Encrypts integration secrets at rest (AES-256-GCM on both hosts). */
  secrets: Secrets;
  log: Logger;
  /**
   * The host's model-provider settings (`IOFOLD_LLM_*`, `OPENAI_API_KEY`, …; see docs/models.md).
   * A workspace's model-provider integration wins over them; absent means integrations only.
   */
  llmEnv?: LlmEnv;
  now: Clock;
  newId: IdFactory;
  version: string;
  /** Where uploads wait for their job (background imports); absent on hosts without one. */
  uploads?: UploadStore;
  /**
   * `fetch` for addresses a workspace member chose (integration base URLs, model-provider
   * integrations): the Node host passes one that refuses private networks (`createGuardedFetch`).
   * Absent: the global fetch (the CLI acts for the operator; Workers cannot reach private networks).
   */
  outboundFetch?: typeof fetch;
  /**
   * Lower limits for one ingest or import request than the defaults (`INGEST_LIMITS`): the Worker
   * host sets them to fit its CPU and memory limits (docs/deploy-cloudflare.md).
   */
  ingestLimits?: { maxBodyBytes: number; maxSpansPerRequest: number };
  /** `IOFOLD_SETUP_TOKEN`: opens the one-time first-owner setup while no user exists. */
  setupToken?: string;
};

/** A request or job scoped to one workspace. Every tenant query filters on `workspaceId`. */
export type Ctx = Deps & { workspaceId: string; actor: Actor; requestId: string };
