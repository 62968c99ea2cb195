import type { Page } from '@/core/page';
import type { FeedbackView } from '@/feedback/feedback-view';
import type { JobView } from '@/jobs/api/job-views';
import type { TraceDetail } from '@/traces/query/get-trace';
import type { ListTracesQuery } from '@/traces/query/list-traces';
import type { TraceSummary } from '@/traces/query/trace-summary-view';

/** A job as the API sends it (`GET /v1/jobs/{id}`); the local backend uses the same view. */
export type JobJson = JobView;

export type JobListInput = { status?: JobJson['status']; limit?: number; cursor?: string };
export type RatingInput = { traceId: string; rating: FeedbackView['rating']; notes?: string };

/** An eval version with its code, as `GET /v1/evals/{id}` answers it. */
export type EvalJson = {
  id: string;
  name: string;
  version: number;
  status: string;
  generator: string;
  heldOutMetrics: {
    kappa: number | null;
    f1: number | null;
    accuracy: number | null;
    counts: { tp: number; fp: number; tn: number; fn: number };
  } | null;
  trainingTraceCount: number;
  /** Its verdicts against labels it was not built from (`n` of them), and why there is no score. */
  agreement?: {
    n: number;
    trainingLabels: number;
    kappa: { value: number } | null;
    accuracy: { value: number } | null;
    warnings: { code: string; message: string }[];
  };
  /** What the code checks, in plain words, one line per rule. */
  rules: string[];
  /** Set when the code asks a model: its model, questions, calls and expected cost per trace. */
  judge: {
    model: string;
    questions: string[];
    callsPerTrace: number;
    expectedCostUsdPerTrace: number | null;
  } | null;
  code: string;
};

/** A line of `iofold evals list`: an eval version and its held-out agreement. */
export type EvalListRow = Pick<
  EvalJson,
  'id' | 'name' | 'version' | 'status' | 'generator' | 'heldOutMetrics'
> & { createdAt: string };

/**
 * What the data commands need, whether they open the database themselves (local) or talk to a
 * server (`--url`, HTTP). Each command is written once against this.
 */
export type CliBackend = {
  mode: 'local' | 'http';
  listTraces(query: ListTracesQuery): Promise<Page<TraceSummary>>;
  getTrace(id: string): Promise<TraceDetail>;
  labelTrace(input: RatingInput): Promise<FeedbackView>;
  /** Removes the caller's own label on the trace; false when there was none. */
  clearLabel(traceId: string): Promise<boolean>;
  listJobs(input: JobListInput): Promise<Page<JobJson>>;
  getJob(id: string): Promise<JobJson>;
  cancelJob(id: string): Promise<JobJson>;
  retryJob(id: string): Promise<JobJson>;
  /** A `text/event-stream` of the job's events; ends after its terminal event. */
  jobEvents(id: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>>;
  getEval(id: string): Promise<EvalJson>;
  /** Every eval version of the workspace, by name then newest version first. */
  listEvals(): Promise<EvalListRow[]>;
};
