import type { BatchItem } from 'drizzle-orm/batch';
import type { EvalView } from '@/core/eval-view';
import type { Db } from './client';
import * as s from './schema';

type Seed = { db: Db; ws: string; id: (name: string) => string; at: Date; view: EvalView };
type Rows = [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];

/** One linked row in every table; used by the schema tests on both SQLite and D1. */
export async function seedEveryTable(db: Db, suffix: string) {
  const at = new Date('2026-11-01T00:00:00Z');
  const ws = `ws_${suffix}`;
  const id = (name: string) => `${name}_${suffix}`;
  const view: EvalView = {
    version: 1 as const,
    trace_id: id('trc'),
    steps: [],
    messages: [{ role: 'user' as const, content: 'hi' }],
    input: 'hi',
    output: 'hello',
    metadata: {},
  };
  await db.batch([
    db.insert(s.users).values({ id: id('usr'), email: `${suffix}@example.com`, name: 'Ada' }),
    db.insert(s.workspaces).values({ id: ws, name: 'W', slug: ws }),
  ]);
  const seed: Seed = { db, ws, id, at, view };
  await db.batch([
    ...accessRows(seed),
    ...agentRows(seed),
    ...traceRows(seed),
    ...feedbackRows(seed),
    ...evalRows(seed),
    ...jobAndMonitoringRows(seed),
    ...optimizeRows(seed),
    ...playgroundRows(seed),
  ]);
  return { ws, id };
}

/** Members, keys, sessions, login tokens and an integration of the workspace. */
function accessRows({ db, ws, id, at }: Seed): Rows {
  return [
    db.insert(s.memberships).values({ workspaceId: ws, userId: id('usr'), role: 'owner' }),
    db.insert(s.apiKeys).values({
      id: id('key'),
      workspaceId: ws,
      name: 'ci',
      publicKey: id('pk'),
      secretHash: id('hash'),
      secretHint: '…abcd',
      role: 'member',
    }),
    db.insert(s.sessions).values({
      id: id('ses'),
      userId: id('usr'),
      workspaceId: ws,
      csrfToken: 'csrf',
      expiresAt: at,
      lastSeenAt: at,
    }),
    db.insert(s.loginTokens).values({ id: id('lt'), userId: id('usr'), expiresAt: at }),
    db
      .insert(s.integrations)
      .values({ id: id('int'), workspaceId: ws, kind: 'langfuse', name: 'lf' }),
  ];
}

/** An agent with a version, its system prompt, a function and a tool. */
function agentRows({ db, ws, id, at }: Seed): Rows {
  return [
    db.insert(s.agents).values({ id: id('agt'), workspaceId: ws, name: 'support' }),
    db.insert(s.agentVersions).values({
      id: id('agv'),
      workspaceId: ws,
      agentId: id('agt'),
      version: 1,
      promptTemplate: 'You help {{user}}.',
      variables: ['user'],
      source: 'discovered',
    }),
    db.insert(s.systemPrompts).values({
      id: id('spr'),
      workspaceId: ws,
      hash: id('h'),
      content: 'You help Ada.',
      agentId: id('agt'),
      agentVersionId: id('agv'),
      firstSeenAt: at,
      lastSeenAt: at,
    }),
    db
      .insert(s.functions)
      .values({ id: id('fn'), workspaceId: ws, name: 'extract', kind: 'tool', code: 'pass' }),
    db
      .insert(s.agentFunctions)
      .values({ workspaceId: ws, agentId: id('agt'), functionId: id('fn'), role: 'tool' }),
    db
      .insert(s.tools)
      .values({ id: id('tool'), workspaceId: ws, name: 'lookup', origin: 'inferred' }),
    db.insert(s.agentTools).values({ workspaceId: ws, agentId: id('agt'), toolId: id('tool') }),
  ];
}

/** A trace with a span, a summary, task metadata and scores. */
function traceRows({ db, ws, id, at, view }: Seed): Rows {
  return [
    db.insert(s.traces).values({
      id: id('trc'),
      workspaceId: ws,
      source: 'import',
      externalId: id('ext'),
      agentId: id('agt'),
      agentVersionId: id('agv'),
      systemPromptId: id('spr'),
      startedAt: at,
      evalView: view,
      evalViewVersion: 1,
    }),
    db.insert(s.spans).values({
      id: id('spn'),
      workspaceId: ws,
      traceId: id('trc'),
      spanId: 'a1',
      name: 'llm',
      startedAt: at,
    }),
    db.insert(s.traceSummaries).values({
      id: id('sum'),
      workspaceId: ws,
      traceId: id('trc'),
      kind: 'deterministic',
      body: {
        goal: 'hi',
        firstUserMessage: 'hi',
        turns: 2,
        userTurns: 1,
        assistantTurns: 1,
        toolCalls: 0,
        tools: {},
        errors: [],
        errorCount: 0,
        handoffs: 0,
        finalMessageKind: 'answer',
        finalAnswer: 'hello',
      },
      text: 'hi → hello',
    }),
    db
      .insert(s.taskMetadata)
      .values({ id: id('task'), workspaceId: ws, traceId: id('trc'), kind: 'single_turn' }),
    db.insert(s.taskSimilarTraces).values({
      workspaceId: ws,
      traceId: id('trc'),
      similarTraceId: id('trc'),
      method: 'tfidf',
      score: 1,
      rank: 1,
    }),
    db.insert(s.traceScores).values({
      id: id('scr'),
      workspaceId: ws,
      traceId: id('trc'),
      name: 'helpful',
      source: 'langfuse',
      externalId: id('scrx'),
      valueNumber: 0.5,
    }),
    db.insert(s.pendingScores).values({
      id: id('pscr'),
      workspaceId: ws,
      source: 'langfuse',
      traceExternalId: id('later'),
      score: { externalId: null, name: 'helpful', value: 1, comment: null, spanId: null },
    }),
  ];
}

/** A label on the trace, a task pair, a review queue with its item and a saved trace-list view. */
function feedbackRows({ db, ws, id }: Seed): Rows {
  return [
    db.insert(s.feedback).values({
      id: id('fb'),
      workspaceId: ws,
      traceId: id('trc'),
      userId: id('usr'),
      labellerKey: `user:${id('usr')}`,
      rating: 'positive',
    }),
    db.insert(s.taskFeedbackPairs).values({
      id: id('tfp'),
      workspaceId: ws,
      taskId: id('task'),
      traceId: id('trc'),
      feedbackId: id('fb'),
      relation: 'same_task',
    }),
    db.insert(s.reviewQueues).values({
      id: id('rq'),
      workspaceId: ws,
      agentId: id('agt'),
      name: 'Check the rollouts',
      filter: { labelled: false },
      createdBy: id('usr'),
    }),
    db.insert(s.reviewQueueItems).values({
      id: id('rqi'),
      workspaceId: ws,
      queueId: id('rq'),
      traceId: id('trc'),
      assigneeId: id('usr'),
      position: 0,
    }),
    db.insert(s.savedViews).values({
      id: id('view'),
      workspaceId: ws,
      userId: id('usr'),
      name: 'Errors by model',
      shared: true,
      state: { filter: { hasErrors: 'true' }, columns: ['model'] },
    }),
  ];
}

/** An eval with a candidate, its runs, an execution, a cache entry and prompt coverage. */
function evalRows({ db, ws, id, at }: Seed): Rows {
  return [
    db.insert(s.evals).values({
      id: id('ev'),
      workspaceId: ws,
      agentId: id('agt'),
      name: 'eval_polite',
      version: 1,
      code: 'def eval_polite(trace):\n    return True, "ok"',
      codeHash: 'c1',
      generator: 'synthesiser',
    }),
    db.insert(s.evalCandidates).values({
      id: id('cand'),
      workspaceId: ws,
      agentId: id('agt'),
      generationId: id('gen'),
      evalId: id('ev'),
      generator: 'synthesiser',
      code: 'pass',
      codeHash: 'c1',
    }),
    db.insert(s.evalCandidateExecutions).values({
      id: id('cex'),
      workspaceId: ws,
      candidateId: id('cand'),
      traceId: id('trc'),
      status: 'pass',
    }),
    db.insert(s.evalCvResults).values({
      id: id('cv'),
      workspaceId: ws,
      candidateId: id('cand'),
      fold: 0,
      k: 5,
      metrics: {
        accuracy: 1,
        precision: 1,
        recall: 1,
        f1: 1,
        kappa: 1,
        counts: { tp: 1, fp: 0, tn: 0, fn: 0, neutral: 0, errors: 0 },
        testSize: 1,
      },
    }),
    db.insert(s.evalExecutions).values({
      id: id('exe'),
      workspaceId: ws,
      evalId: id('ev'),
      traceId: id('trc'),
      status: 'pass',
      executedAt: at,
    }),
    db.insert(s.evalLlmCache).values({
      workspaceId: ws,
      key: id('k'),
      model: 'm',
      response: 'r',
      usage: { inputTokens: 1, outputTokens: 1 },
    }),
    db
      .insert(s.evalPromptCoverage)
      .values({ workspaceId: ws, evalId: id('ev'), systemPromptId: id('spr') }),
  ];
}

/** A job with its retry history, a snapshot, an alert, a cooldown and a refinement. */
function jobAndMonitoringRows({ db, ws, id, at }: Seed): Rows {
  return [
    db
      .insert(s.jobs)
      .values({ id: id('job'), workspaceId: ws, type: 'eval.execute', payload: {}, runAt: at }),
    db.insert(s.jobRetryHistory).values({
      id: id('jrh'),
      workspaceId: ws,
      jobId: id('job'),
      attempt: 1,
      errorCode: 'UNAVAILABLE',
      errorMessage: 'x',
      category: 'transient',
      retryable: true,
    }),
    db.insert(s.performanceSnapshots).values({
      id: id('snap'),
      workspaceId: ws,
      evalId: id('ev'),
      day: '2026-11-01',
      executions: 1,
      passes: 1,
      fails: 0,
      errors: 0,
      labelled: 1,
      agreed: 1,
      contradictions: 0,
    }),
    db.insert(s.performanceAlerts).values({
      id: id('alert'),
      workspaceId: ws,
      evalId: id('ev'),
      kind: 'agreement_drop',
      severity: 'warning',
      message: 'agreement fell',
      openedAt: at,
    }),
    db
      .insert(s.autoRefineCooldowns)
      .values({ workspaceId: ws, agentId: id('agt'), evalName: 'eval_polite' }),
    db.insert(s.refinementHistory).values({
      id: id('ref'),
      workspaceId: ws,
      agentId: id('agt'),
      evalName: 'eval_polite',
      fromEvalId: id('ev'),
      trigger: 'alert',
      alertId: id('alert'),
    }),
  ];
}

/** A taskset with a task, runs, a GEPA run, rollouts, a prompt iteration and a practice. */
function optimizeRows({ db, ws, id }: Seed): Rows {
  return [
    db.insert(s.tasksets).values({
      id: id('ts'),
      workspaceId: ws,
      agentId: id('agt'),
      familyId: id('ts'),
      name: 'core',
      source: 'traces',
    }),
    db.insert(s.tasksetTasks).values({
      id: id('tt'),
      workspaceId: ws,
      tasksetId: id('ts'),
      taskMetadataId: id('task'),
      sourceTraceId: id('trc'),
      userMessage: 'hi',
      contentHash: 'h1',
    }),
    db
      .insert(s.tasksetRuns)
      .values({ id: id('tr'), workspaceId: ws, tasksetId: id('ts'), agentVersionId: id('agv') }),
    db.insert(s.gepaRuns).values({
      id: id('gepa'),
      workspaceId: ws,
      agentId: id('agt'),
      tasksetId: id('ts'),
      config: { minibatch: 3 },
      budgetRollouts: 100,
    }),
    db.insert(s.gepaRunTasks).values({
      workspaceId: ws,
      gepaRunId: id('gepa'),
      taskId: id('tt'),
      split: 'train',
      position: 0,
    }),
    db.insert(s.rolloutBatches).values({
      id: id('rb'),
      workspaceId: ws,
      gepaRunId: id('gepa'),
      stage: 'seed-val',
      candidateHash: 'c',
      taskIds: [id('tt')],
      rolloutsPlanned: 1,
    }),
    db.insert(s.rolloutResults).values({
      id: id('rr'),
      workspaceId: ws,
      batchId: id('rb'),
      taskId: id('tt'),
      rolloutIndex: 0,
      traceId: id('trc'),
    }),
    db.insert(s.tasksetRunResults).values({
      id: id('trr'),
      workspaceId: ws,
      runId: id('tr'),
      taskId: id('tt'),
      rolloutResultId: id('rr'),
      status: 'succeeded',
    }),
    db.insert(s.promptIterations).values({
      id: id('pi'),
      workspaceId: ws,
      agentId: id('agt'),
      gepaRunId: id('gepa'),
      source: 'gepa',
      text: 'You help {{user}} kindly.',
      textHash: 't1',
    }),
    db.insert(s.promptBestPractices).values({
      id: id('bp'),
      workspaceId: ws,
      category: 'tools',
      title: 'Name tools',
      rule: 'Name each tool and when to use it.',
      source: 'workspace',
    }),
  ];
}

/** A playground session with one step. */
function playgroundRows({ db, ws, id }: Seed): Rows {
  return [
    db
      .insert(s.playgroundSessions)
      .values({ id: id('pg'), workspaceId: ws, agentId: id('agt'), traceId: id('trc') }),
    db
      .insert(s.playgroundSteps)
      .values({ id: id('pgs'), workspaceId: ws, sessionId: id('pg'), stepIndex: 0, kind: 'model' }),
  ];
}
