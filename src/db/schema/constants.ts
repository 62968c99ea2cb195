export const MEMBER_ROLES = ['owner', 'member', 'viewer'] as const;
export const INTEGRATION_KINDS = [
  'langfuse',
  'langsmith',
  'phoenix',
  'openai',
  'anthropic',
] as const;
export const INTEGRATION_STATUSES = ['active', 'error', 'disabled'] as const;

export const AGENT_STATUSES = ['discovered', 'confirmed', 'archived'] as const;
export const AGENT_VERSION_STATUSES = ['candidate', 'active', 'rejected', 'archived'] as const;
export const AGENT_VERSION_SOURCES = [
  'discovered',
  'manual',
  'gepa',
  'improve',
  'playground',
] as const;
export const FUNCTION_KINDS = ['template_extractor', 'tool'] as const;
export const TOOL_ORIGINS = ['mcp', 'http', 'inferred', 'function', 'manual'] as const;
export const TOOL_MODES = ['live', 'replay', 'simulated', 'function', 'manual'] as const;

export const TRACE_SOURCES = [
  'otlp',
  'langfuse',
  'langsmith',
  'phoenix',
  'import',
  'api',
  'playground',
  'taskset',
  'demo',
] as const;
export const SPAN_KINDS = [
  'LLM',
  'TOOL',
  'CHAIN',
  'AGENT',
  'RETRIEVER',
  'EMBEDDING',
  'RERANKER',
  'GUARDRAIL',
  'EVALUATOR',
  'EVENT',
  'UNKNOWN',
] as const;
export const SCORE_DATA_TYPES = ['NUMERIC', 'BOOLEAN', 'CATEGORICAL'] as const;
export const SPAN_STATUSES = ['unset', 'ok', 'error'] as const;
export const SUMMARY_KINDS = ['deterministic', 'llm'] as const;
export const TASK_KINDS = ['single_turn', 'multi_turn', 'tool_using'] as const;
export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export const SIMILARITY_METHODS = ['tfidf', 'minhash', 'embedding'] as const;

export const RATINGS = ['positive', 'negative', 'neutral'] as const;
export const FEEDBACK_SOURCES = ['human', 'import', 'langfuse', 'api'] as const;
export const PAIR_RELATIONS = ['same_task', 'similar', 'contrast'] as const;

export const EVAL_STATUSES = ['candidate', 'active', 'inactive', 'archived'] as const;
export const EVAL_GENERATORS = ['synthesiser', 'llm', 'manual', 'refinement'] as const;
export const CANDIDATE_STATUSES = [
  'pending',
  'invalid',
  'failed',
  'evaluated',
  'selected',
  'rejected',
] as const;
export const EXECUTION_STATUSES = ['pass', 'fail', 'error'] as const;

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const ERROR_CATEGORIES = ['transient', 'permanent', 'timeout', 'cancelled'] as const;

export const ALERT_KINDS = [
  'agreement_drop',
  'error_rate_rise',
  'pass_rate_shift',
  'new_prompt_version',
] as const;
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export const REFINEMENT_TRIGGERS = ['manual', 'alert', 'contradictions'] as const;
export const REFINEMENT_STATUSES = [
  'running',
  'proposed',
  'accepted',
  'rejected',
  'failed',
] as const;

export const ITERATION_SOURCES = ['gepa', 'improve', 'manual'] as const;
/** `running`: a taskset run of the iteration is queued or running (the status follows the run). */
export const ITERATION_STATUSES = [
  'proposed',
  'running',
  'rejected',
  'evaluated',
  'promoted',
] as const;
export const PRACTICE_SOURCES = ['iofold', 'workspace'] as const;

export const TASKSET_SOURCES = ['manual', 'traces', 'tau2'] as const;
export const SPLITS = ['train', 'val', 'test'] as const;
export const RUN_STATUSES = [
  'queued',
  'running',
  'paused',
  'succeeded',
  'failed',
  'cancelled',
  /** Ended before its planned work because its cost ceiling was reached (resumable). */
  'stopped',
] as const;
/** `interrupted`: stopped mid-rollout by a cancel or a stopping worker; a resumed batch plays it again. */
export const ROLLOUT_STATUSES = [
  'pending',
  'running',
  'succeeded',
  'failed',
  'timeout',
  'interrupted',
] as const;
export const USER_MODES = ['single', 'scripted', 'simulated'] as const;

export const PLAYGROUND_STATUSES = ['idle', 'streaming', 'closed'] as const;
export const STEP_KINDS = ['model', 'tool'] as const;
