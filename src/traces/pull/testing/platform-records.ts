const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** LangSmith answers times without a zone. */
const naive = (ms: number) => iso(ms).replace('Z', '');

/** A LangChain message as LangSmith stores it (a serialised constructor call). */
export const lcMessage = (kind: string, kwargs: Record<string, unknown>) => ({
  lc: 1,
  type: 'constructor',
  id: ['langchain', 'schema', 'messages', kind],
  kwargs,
});

/** A Langfuse trace row (as `GET /api/public/traces` lists it) and its two observations. */
export function langfuseTrace(i: number, base = Date.parse('2026-03-01T00:00:00Z')) {
  const t = base + i * HOUR;
  const id = `lf-trace-${i}`;
  return {
    trace: {
      id,
      timestamp: iso(t),
      name: 'support-chat',
      input: { question: `question ${i}` },
      output: { answer: `answer ${i}` },
      sessionId: `session-${i}`,
      userId: 'user-1',
      metadata: { env: 'prod' },
      tags: ['pulled'],
      release: null,
      version: null,
      public: false,
      bookmarked: false,
      observations: [`${id}-gen`, `${id}-span`],
      scores: [],
      htmlPath: `/project/p/traces/${id}`,
      latency: 2,
      totalCost: 0.001,
    },
    observations: [
      {
        id: `${id}-gen`,
        traceId: id,
        type: 'GENERATION',
        name: 'llm',
        startTime: iso(t),
        endTime: iso(t + 1500),
        parentObservationId: null,
        model: 'gpt-4o-mini',
        input: [
          { role: 'system', content: 'You are the support agent of Acme.' },
          { role: 'user', content: `question ${i}` },
        ],
        output: { role: 'assistant', content: `answer ${i}` },
        usage: { input: 20, output: 5, total: 25, unit: 'TOKENS' },
        level: 'DEFAULT',
        statusMessage: null,
        metadata: {},
      },
      {
        id: `${id}-span`,
        traceId: id,
        type: 'SPAN',
        name: 'lookup',
        startTime: iso(t + 100),
        endTime: iso(t + 400),
        parentObservationId: `${id}-gen`,
        input: { q: i },
        output: { hits: 1 },
        level: 'DEFAULT',
        statusMessage: null,
        metadata: {},
      },
    ],
  };
}

/** A LangSmith trace as `POST /api/v1/runs/query` returns its runs: a chain root, an LLM run, a tool run. */
export function langsmithTrace(
  i: number,
  sessionId: string,
  base = Date.parse('2026-03-01T00:00:00Z'),
) {
  const t = base + i * HOUR;
  const root = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const common = { trace_id: root, session_id: sessionId, status: 'success', tags: [] };
  /** A run under the root, `from`/`to` ms after the trace starts. */
  const child = (suffix: string, name: string, runType: string, from: number, to: number) => ({
    ...common,
    id: `${root.slice(0, -1)}${suffix}`,
    parent_run_id: root,
    name,
    run_type: runType,
    start_time: naive(t + from),
    end_time: naive(t + to),
  });
  return [
    {
      ...common,
      id: root,
      parent_run_id: null,
      name: 'AgentExecutor',
      run_type: 'chain',
      start_time: naive(t),
      end_time: naive(t + 2000),
      inputs: { input: `what is ${i}+${i}` },
      outputs: { output: String(2 * i) },
      extra: { metadata: { thread_id: `thread-${i}` } },
      dotted_order: `${naive(t)}${root}`,
    },
    {
      ...child('a', 'ChatOpenAI', 'llm', 100, 900),
      inputs: {
        messages: [
          [
            lcMessage('SystemMessage', { content: 'You add numbers.' }),
            lcMessage('HumanMessage', { content: `what is ${i}+${i}` }),
          ],
        ],
      },
      outputs: {
        generations: [
          [
            {
              text: String(2 * i),
              message: lcMessage('AIMessage', { content: String(2 * i) }),
            },
          ],
        ],
      },
      prompt_tokens: 12,
      completion_tokens: 2,
      total_tokens: 14,
      extra: { invocation_params: { model: 'gpt-4o-mini' } },
    },
    {
      ...child('b', 'calculator', 'tool', 1000, 1100),
      inputs: { input: `${i}+${i}` },
      outputs: { output: String(2 * i) },
    },
  ];
}

/** Phoenix spans (`GET /v1/projects/{p}/spans`): an agent root and an LLM child with flat attributes. */
export function phoenixTrace(i: number, base = Date.parse('2026-03-01T00:00:00Z')) {
  const t = base + i * HOUR;
  const traceId = `ph-trace-${i}`;
  return [
    {
      id: `U3Bhbjo${i}a`,
      name: 'agent',
      context: { trace_id: traceId, span_id: `${traceId}-root` },
      span_kind: 'AGENT',
      parent_id: null,
      start_time: iso(t),
      end_time: iso(t + 1000),
      status_code: 'OK',
      status_message: '',
      attributes: {
        'input.value': `weather ${i}?`,
        'output.value': 'sunny',
        'session.id': `ps-${i}`,
      },
      events: [],
    },
    {
      id: `U3Bhbjo${i}b`,
      name: 'llm',
      context: { trace_id: traceId, span_id: `${traceId}-llm` },
      span_kind: 'LLM',
      parent_id: `${traceId}-root`,
      start_time: iso(t + 100),
      end_time: iso(t + 800),
      status_code: 'OK',
      status_message: '',
      attributes: {
        'llm.model_name': 'gpt-4o',
        'llm.input_messages': [
          { 'message.role': 'system', 'message.content': 'You forecast the weather.' },
          { 'message.role': 'user', 'message.content': `weather ${i}?` },
        ],
        'llm.output_messages': [{ 'message.role': 'assistant', 'message.content': 'sunny' }],
        'llm.token_count.prompt': 12,
        'llm.token_count.completion': 2,
      },
      events: [],
    },
  ];
}
