export type JobMessage = { type: string; workspaceId: string; payload: unknown };

export type EnqueueOptions = { delaySeconds?: number; priority?: number };

/** Producer side only; each host feeds delivered messages into the dispatcher. */
export type JobQueue = {
  enqueue(job: JobMessage, options?: EnqueueOptions): Promise<{ id: string }>;
  enqueueMany(jobs: JobMessage[], options?: EnqueueOptions): Promise<{ ids: string[] }>;
};
