import type { Deps } from '@/core/context';
import { agents, evalExecutions, evals, systemPrompts, traces } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';

/** Executions of one eval on one UTC day, by verdict × human label. */
export type DaySpec = {
  passPos: number;
  passNeg: number;
  failPos: number;
  failNeg: number;
  passUnlabelled: number;
  failUnlabelled: number;
  errors: number;
  /** Executions on traces of the second system prompt (taken from passPos). */
  promptB?: number;
};

export const NORMAL_DAY: DaySpec = {
  passPos: 20,
  passNeg: 2,
  failPos: 2,
  failNeg: 10,
  passUnlabelled: 4,
  failUnlabelled: 0,
  errors: 2,
};

/** A workspace with one agent, two system prompts, an active eval and an inactive one. */
export async function seedMonitoringFixture(deps: Deps, options: { autoRefine?: boolean } = {}) {
  const ws = (await createTestWorkspace(deps)).id;
  const at = new Date('2026-10-01T00:00:00Z');
  const agentId = deps.newId('agt');
  await deps.db.insert(agents).values({ id: agentId, workspaceId: ws, name: 'support' });
  const prompt = (name: string) => ({
    id: `spr_${name}_${ws}`,
    workspaceId: ws,
    hash: `h_${name}`,
    content: `You are support ${name}.`,
    agentId,
    firstSeenAt: at,
    lastSeenAt: at,
  });
  await deps.db.insert(systemPrompts).values([prompt('a'), prompt('b')]);
  const evalRow = (id: string, status: 'active' | 'candidate', version: number) => ({
    id,
    workspaceId: ws,
    agentId,
    name: 'polite',
    version,
    status,
    code: 'def eval_polite(trace):\n    return True, "ok"\n',
    codeHash: id,
    generator: 'manual' as const,
    autoRefine: options.autoRefine ?? false,
  });
  const activeEvalId = `evl_active_${ws}`;
  const inactiveEvalId = `evl_old_${ws}`;
  await deps.db
    .insert(evals)
    .values([evalRow(activeEvalId, 'active', 2), evalRow(inactiveEvalId, 'candidate', 1)]);
  return {
    ws,
    agentId,
    activeEvalId,
    inactiveEvalId,
    promptA: `spr_a_${ws}`,
    promptB: `spr_b_${ws}`,
  };
}

type Fixture = Awaited<ReturnType<typeof seedMonitoringFixture>>;

/** Inserts one day of traces and executions for `evalId` following `spec`. */
export async function seedDay(deps: Deps, fx: Fixture, evalId: string, day: string, spec: DaySpec) {
  const start = new Date(`${day}T00:00:00Z`).getTime();
  const rows: { status: 'pass' | 'fail' | 'error'; label: 'positive' | 'negative' | null }[] = [];
  const add = (
    n: number,
    status: 'pass' | 'fail' | 'error',
    label: 'positive' | 'negative' | null,
  ) => {
    for (let i = 0; i < n; i++) {
      rows.push({ status, label });
    }
  };
  add(spec.passPos, 'pass', 'positive');
  add(spec.passNeg, 'pass', 'negative');
  add(spec.failPos, 'fail', 'positive');
  add(spec.failNeg, 'fail', 'negative');
  add(spec.passUnlabelled, 'pass', null);
  add(spec.failUnlabelled, 'fail', null);
  add(spec.errors, 'error', null);
  const traceRows = rows.map((row, i) => {
    const id = deps.newId('trc');
    return {
      id,
      workspaceId: fx.ws,
      source: 'import' as const,
      externalId: id,
      agentId: fx.agentId,
      systemPromptId: i < (spec.promptB ?? 0) ? fx.promptB : fx.promptA,
      startedAt: new Date(start + i * 60_000),
      label: row.label,
      evalView: {
        version: 1 as const,
        trace_id: id,
        steps: [],
        messages: [],
        input: '',
        output: '',
        metadata: {},
      },
      evalViewVersion: 1,
    };
  });
  const executionRows = rows.map((row, i) => ({
    id: deps.newId('exe'),
    workspaceId: fx.ws,
    evalId,
    traceId: traceRows[i]?.id ?? '',
    status: row.status,
    executedAt: new Date(start + i * 60_000 + 1000),
  }));
  for (let i = 0; i < traceRows.length; i += 100) {
    await deps.db.insert(traces).values(traceRows.slice(i, i + 100));
    await deps.db.insert(evalExecutions).values(executionRows.slice(i, i + 100));
  }
}
