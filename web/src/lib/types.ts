// View types for the dashboard. Where the server's typed client (`src/api/client.ts`) covers a
// route, these are re-derived from it; the rest mirror the documented JSON shapes.

import type { InferResponseType } from 'hono/client';
import type { ApiClient } from '@/api/client';

export type Rating = 'positive' | 'negative' | 'neutral';

export type TraceListItem = {
  id: string;
  source: string;
  externalId: string;
  agentId: string | null;
  name: string | null;
  startedAt: string;
  durationMs: number | null;
  stepCount: number;
  toolCallCount: number;
  errorCount: number;
  hasErrors: boolean;
  inputTokens: number;
  outputTokens: number;
  inputPreview: string;
  outputPreview: string;
  label: Rating | null;
  /** The summary written at ingest (in `GET /v1/traces`; null for a trace stored before them). */
  summary?: TraceSummaryLine | null;
  /** In `GET /v1/traces`: session and user (protocol id, else metadata), tags, asked metadata. */
  sessionId?: string | null;
  userId?: string | null;
  tags?: string[];
  meta?: Record<string, unknown>;
};

export type TraceSummaryLine = {
  text: string;
  goal: string | null;
  userTurns: number;
  tools: Record<string, number>;
  errorCount: number;
  handoffs: number;
  ending: 'answer' | 'question' | 'tool_call' | 'error' | 'none';
};

/** The API's list envelope. */
export type Page<T> = { data: T[]; nextCursor: string | null };

export type EvalMessage = {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  name?: string;
  tool_call_id?: string;
  tool_calls?: { id: string | null; name: string; arguments: unknown }[];
};

export type EvalToolCall = {
  id: string | null;
  name: string;
  arguments: unknown;
  result: unknown;
  error: string | null;
};

export type EvalView = {
  trace_id: string;
  steps: {
    index: number;
    name: string | null;
    input: unknown;
    output: unknown;
    tool_calls: EvalToolCall[];
    error: string | null;
  }[];
  messages: EvalMessage[];
  input: unknown;
  output: unknown;
  metadata: Record<string, unknown>;
};

export type Span = {
  id?: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: string;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  status: 'unset' | 'ok' | 'error';
  statusMessage: string | null;
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  input: unknown;
  output: unknown;
  attributes: Record<string, unknown>;
};

export type Feedback = {
  id: string;
  traceId: string;
  rating: Rating;
  notes: string;
  source: string;
  labeller: { key: string; userId: string | null; name: string | null; email: string | null };
  createdAt: string;
  updatedAt: string;
};

export type EvalResult = {
  evalId: string;
  evalName: string;
  evalVersion: number;
  status: 'pass' | 'fail' | 'error';
  reason: string;
  error: unknown;
  durationMs: number;
  executedAt: string;
};

/** A score another platform sent for the trace, as sent. */
export type TraceScore = {
  id: string;
  name: string;
  source: string;
  dataType: 'NUMERIC' | 'BOOLEAN' | 'CATEGORICAL' | null;
  value: number | string | boolean | null;
  comment: string | null;
  spanId: string | null;
  createdAt: string;
};

export type TraceDetail = TraceListItem & {
  endedAt?: string | null;
  sessionId?: string | null;
  costUsd?: number | null;
  metadata?: Record<string, unknown>;
  tags?: string[];
  evalView: EvalView;
  spans?: Span[];
  feedback?: Feedback[];
  scores?: TraceScore[];
  evalResults?: EvalResult[];
};

type V1 = ApiClient['v1'];
/** A job as `GET /v1/jobs` lists it; the detail adds its retry history. */
export type Job = InferResponseType<V1['jobs']['$get'], 200>['data'][number] & {
  history?: InferResponseType<V1['jobs'][':id']['$get'], 200>['history'];
};
export type JobStatus = Job['status'];

export type Agent = {
  id: string;
  name: string;
  description: string | null;
  status: string;
  activeVersionId: string | null;
  traceCount: number;
  lastTraceAt: string | null;
  createdAt: string;
  /** How many of its traces carry each label (in `GET /v1/agents`). */
  labels: { positive: number; negative: number; neutral: number };
};

export type AgentVersion = {
  id: string;
  agentId: string;
  version: number;
  promptTemplate: string;
  status: string;
  source: string;
  variables: string[];
  parentVersionId: string | null;
  createdAt: string;
  promotedAt: string | null;
};

export type AgentDetail = Agent & { versions: AgentVersion[] };

export type AgreementMetrics = {
  accuracy: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  kappa: number | null;
  counts: { tp: number; fp: number; tn: number; fn: number; neutral: number; errors: number };
  intervals?: Record<string, [number, number]>;
};

export type EvalVersion = {
  id: string;
  agentId: string;
  name: string;
  version: number;
  parentEvalId: string | null;
  status: 'candidate' | 'active' | 'inactive' | 'archived';
  description: string;
  code: string;
  generator: string;
  model: string | null;
  heldOutMetrics: AgreementMetrics | null;
  createdAt: string;
  activatedAt: string | null;
};
