/** An OTLP request body with its headers and the limits it is checked against. */
export type OtlpBodyInput = {
  body: Uint8Array;
  contentType?: string | null;
  contentEncoding?: string | null;
  limits: { maxBodyBytes: number; maxSpansPerRequest: number };
};

/**
 * An ingest planned on another thread: the statements of its one atomic batch (SQL text and
 * driver parameters, in order) and what the writer does after them. `result` and `autoEval` are
 * the shapes `planIngest` answers.
 */
export type ThreadPlannedIngest = {
  statements: { sql: string; params: unknown[] }[];
  result: unknown;
  autoEval: { id: string; agentId: string | null }[];
  changed: number;
  externalIds: string[];
};

/**
 * Threads that parse request bodies and plan their ingest, each reading the embedded database
 * through a connection of its own, while the caller's thread writes (the Node host).
 */
export type IngestThreads = {
  /**
   * Plans an OTLP body's ingest into `workspaceId` from the database as it is now (writes
   * nothing); rejects with the AppError the same ingest raises in the caller's thread. Null when
   * no thread can (none started yet, or one failed): the caller ingests in its own.
   */
  planOtlp(
    input: OtlpBodyInput & { workspaceId: string; now: number },
  ): Promise<ThreadPlannedIngest | null>;
};
