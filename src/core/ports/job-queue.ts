export type JobMessage = { type: string; workspaceId: string; payload: unknown };

export type EnqueueOptions = {
  /** Run no earlier than this many seconds from now (scheduled job). */
  delaySeconds?: number;
  /** Lower runs first (like nice); default 0, negative for urgent work. */
  priority?: number;
  /** Attempts before the job gives up (status `failed`); default 5. */
  maxAttempts?: number;
  /** Enqueueing the same key twice in one workspace returns the first job. */
  idempotencyKey?: string;
  createdBy?: string | null;
};

export type EnqueuedJob = { id: string; created: boolean };

/** Producer side only; each host feeds delivered jobs into the one dispatcher. */
export type JobQueue = {
  enqueue(job: JobMessage, options?: EnqueueOptions): Promise<EnqueuedJob>;
  enqueueMany(jobs: JobMessage[], options?: EnqueueOptions): Promise<{ ids: string[] }>;
  /** Delivers jobs already re-queued in the jobs table (a manual retry) to a worker. */
  redeliver(jobs: { id: string; workspaceId: string; runAt: Date }[]): Promise<void>;
};

export type JobEventKind =
  | 'queued'
  | 'started'
  | 'progress'
  | 'log'
  | 'retrying'
  | 'cancel_requested'
  | 'succeeded'
  | 'failed'
  | 'cancelled';

/** One event on a job's live stream; `id` orders events and resumes a stream (`Last-Event-ID`). */
export type JobEvent = {
  id: string;
  jobId: string;
  workspaceId: string;
  kind: JobEventKind;
  at: string;
  data: Record<string, unknown>;
};

/**
 * In-process publish/subscribe for job progress. Node: one bus per process, fed by the worker
 * loop. Workers: a bus per isolate, so streams there also re-read the jobs row.
 */
export type JobEventBus = {
  /** True when jobs run in this process, so events arrive without re-reading the database. */
  readonly local: boolean;
  publish(event: Omit<JobEvent, 'id' | 'at'>): JobEvent;
  subscribe(listener: (event: JobEvent) => void): () => void;
  /**
   * The workspace's buffered events after `lastEventId`; null when that id is unknown (too old,
   * another process). Ids count each workspace's events apart, so they tell nothing of others'.
   */
  since(lastEventId: string, workspaceId: string): JobEvent[] | null;
};
