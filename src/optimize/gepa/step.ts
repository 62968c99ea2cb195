import type {
  Candidate,
  EvalResult,
  EvalStage,
  GepaState,
  IterationRecord,
  ReflectResult,
  Stage,
  StageResult,
} from './engine-types';
import { checkProposal, guardsPass } from './guards';
import { stageRollouts } from './init-state';
import { addToFronts } from './pareto';
import { parseReflection } from './reflection-prompt';
import { startIteration } from './start-iteration';

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

function scoresFor(stage: EvalStage, result: EvalResult): number[] {
  return stage.taskIds.map((id) => {
    const score = result.scores[id];
    if (score === undefined || !Number.isFinite(score)) {
      throw new Error(`stage ${stage.kind} returned no score for task ${id}`);
    }
    return score;
  });
}

function spend(state: GepaState, stage: EvalStage): GepaState {
  const used = state.rolloutsUsed + stage.rollouts;
  if (used > state.config.budgetRollouts) {
    throw new Error('budget cap passed: a stage started that should not have');
  }
  return { ...state, rolloutsUsed: used };
}

function endIteration(state: GepaState, record: Omit<IterationRecord, 'rolloutsAfter'>): GepaState {
  const done = { ...record, rolloutsAfter: state.rolloutsUsed };
  return startIteration({ ...state, current: null, iterations: [...state.iterations, done] });
}

type ReflectiveScratch = Extract<NonNullable<GepaState['current']>, { kind: 'reflective' }>;

/** The iteration record of a reflective iteration, with only the fields it reached. */
function reflectiveEntry(
  cur: ReflectiveScratch,
  extra: Partial<IterationRecord> & Pick<IterationRecord, 'outcome'>,
): Omit<IterationRecord, 'rolloutsAfter'> {
  const entry: Omit<IterationRecord, 'rolloutsAfter'> = {
    i: cur.i,
    kind: 'reflective',
    parents: [cur.parent],
    component: cur.component,
    taskIds: cur.taskIds,
    parentScores: cur.parentScores,
    proposal: cur.proposal,
    reason: cur.reason,
    guards: cur.guards,
    childScores: cur.childScores,
    ...extra,
  };
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as Omit<
    IterationRecord,
    'rolloutsAfter'
  >;
}

type MergeScratch = Extract<NonNullable<GepaState['current']>, { kind: 'merge' }>;

/** The iteration record of a merge iteration, its child scored on the merge's tasks. */
function mergeEntry(
  cur: MergeScratch,
  childScores: IterationRecord['childScores'],
  extra: Pick<IterationRecord, 'outcome' | 'candidate' | 'valAverage'>,
): Omit<IterationRecord, 'rolloutsAfter'> {
  const { i, parents, taskIds, proposal } = cur;
  return {
    i,
    kind: 'merge',
    parents,
    taskIds,
    proposal,
    parentScores: cur.parentSums,
    childScores,
    ...extra,
  };
}

/** Each shadow eval's mean pass rate over the stage's tasks. */
function shadowAverages(
  taskIds: readonly string[],
  shadow: NonNullable<EvalResult['shadow']>,
): Record<string, number> {
  const names = [...new Set(taskIds.flatMap((id) => Object.keys(shadow[id] ?? {})))].sort();
  return Object.fromEntries(
    names.map((name) => [name, sum(taskIds.map((id) => shadow[id]?.[name] ?? 0)) / taskIds.length]),
  );
}

function addCandidate(
  state: GepaState,
  components: Candidate,
  parents: number[],
  stage: EvalStage,
  result: EvalResult,
): GepaState {
  const scores = scoresFor(stage, result);
  const valScores: Record<string, number> = {};
  stage.taskIds.forEach((id, n) => {
    valScores[id] = scores[n] as number;
  });
  const index = state.candidates.length;
  const pointer = Math.max(0, ...parents.map((p) => state.candidates[p]?.nextComponent ?? 0));
  return {
    ...state,
    candidates: [
      ...state.candidates,
      {
        components,
        parents,
        valScores,
        valAverage: scores.length ? sum(scores) / scores.length : 0,
        ...(result.shadow ? { shadow: shadowAverages(stage.taskIds, result.shadow) } : {}),
        nextComponent: pointer,
        discoveredAt: state.rolloutsUsed,
        iteration: state.i,
      },
    ],
    fronts: addToFronts(state.fronts, index, valScores),
  };
}

function afterReflect(state: GepaState, result: ReflectResult): GepaState {
  const cur = state.current;
  if (cur?.kind !== 'reflective' || !cur.records) {
    throw new Error('reflect result with no reflective iteration');
  }
  const u = result.usage;
  const r = state.reflection;
  const s: GepaState = {
    ...state,
    reflection: {
      calls: r.calls + 1,
      inputTokens: r.inputTokens + u.inputTokens,
      outputTokens: r.outputTokens + u.outputTokens,
      usd: r.usd + u.usd,
    },
  };
  const parent = state.candidates[cur.parent]?.components ?? {};
  const parsed = parseReflection(result.answer);
  const { records, ...scratch } = cur;
  if (parsed.text === null) {
    return endIteration(
      s,
      reflectiveEntry(scratch, { reason: parsed.reason, outcome: 'no-proposal' }),
    );
  }
  const proposal = { ...parent, [cur.component]: parsed.text };
  const guards = checkProposal({
    parent,
    child: proposal,
    pool: state.candidates.map((c) => c.components),
    taskTexts: records.flatMap((rec) => [
      rec.userSide,
      rec.expectations ?? '',
      ...Object.values(rec.variables ?? {}),
    ]),
    maxChars: state.config.maxPromptChars,
    lint: state.config.lint,
  });
  if (!guardsPass(guards)) {
    return endIteration(
      s,
      reflectiveEntry(scratch, {
        proposal,
        guards,
        reason: parsed.reason,
        outcome: 'guard-rejected',
      }),
    );
  }
  const k = state.config.rolloutsPerTask;
  return {
    ...s,
    current: { ...scratch, proposal, reason: parsed.reason, guards },
    stage: {
      kind: 'child-mb',
      candidate: proposal,
      taskIds: cur.taskIds,
      traces: false,
      rollouts: stageRollouts(cur.taskIds, k),
    },
  };
}

function afterEval(state: GepaState, stage: EvalStage, result: EvalResult): GepaState {
  const s = spend(state, stage);
  const cur = s.current;
  const k = s.config.rolloutsPerTask;
  const valStage = (kind: 'child-val' | 'merge-val', candidate: Candidate): Stage => ({
    kind,
    candidate,
    taskIds: [...s.config.valIds],
    traces: false,
    rollouts: stageRollouts(s.config.valIds, k),
  });
  switch (stage.kind) {
    case 'seed-val':
      return startIteration(addCandidate(s, stage.candidate, [], stage, result));
    case 'parent-mb': {
      if (cur?.kind !== 'reflective') {
        throw new Error('parent-mb result with no reflective iteration');
      }
      const parentScores = scoresFor(stage, result);
      const perfect = parentScores.every((x) => x >= s.config.perfectScore);
      if (s.config.skipPerfect && perfect) {
        return endIteration(s, reflectiveEntry(cur, { parentScores, outcome: 'skipped-perfect' }));
      }
      const records = result.records ?? [];
      const currentText = s.candidates[cur.parent]?.components[cur.component] ?? '';
      return {
        ...s,
        current: { ...cur, parentScores, records },
        stage: { kind: 'reflect', component: cur.component, currentText, records },
      };
    }
    case 'child-mb': {
      if (cur?.kind !== 'reflective' || !cur.proposal) {
        throw new Error('child-mb result with no proposal');
      }
      const childScores = scoresFor(stage, result);
      if (sum(childScores) > sum(cur.parentScores ?? [])) {
        return {
          ...s,
          current: { ...cur, childScores },
          stage: valStage('child-val', cur.proposal),
        };
      }
      return endIteration(s, reflectiveEntry(cur, { childScores, outcome: 'rejected' }));
    }
    case 'child-val': {
      if (cur?.kind !== 'reflective' || !cur.proposal) {
        throw new Error('child-val result with no proposal');
      }
      const added = addCandidate(s, cur.proposal, [cur.parent], stage, result);
      const index = added.candidates.length - 1;
      const m = added.merge;
      return endIteration(
        {
          ...added,
          merge: {
            ...m,
            lastIterationFoundNew: true,
            due: m.tested < s.config.maxMerges ? m.due + 1 : m.due,
          },
        },
        reflectiveEntry(cur, {
          outcome: 'accepted',
          candidate: index,
          valAverage: added.candidates[index]?.valAverage,
        }),
      );
    }
    case 'merge-sub': {
      if (cur?.kind !== 'merge') {
        throw new Error('merge-sub result with no merge');
      }
      const childScores = scoresFor(stage, result);
      if (sum(childScores) >= Math.max(...cur.parentSums)) {
        return {
          ...s,
          current: { ...cur, childScores },
          stage: valStage('merge-val', cur.proposal),
        };
      }
      return endIteration(s, mergeEntry(cur, childScores, { outcome: 'merge-rejected' }));
    }
    case 'merge-val': {
      if (cur?.kind !== 'merge') {
        throw new Error('merge-val result with no merge');
      }
      const added = addCandidate(s, cur.proposal, [...cur.parents], stage, result);
      const index = added.candidates.length - 1;
      return endIteration(
        {
          ...added,
          merge: { ...added.merge, due: added.merge.due - 1, tested: added.merge.tested + 1 },
        },
        mergeEntry(cur, cur.childScores, {
          outcome: 'merge-accepted',
          candidate: index,
          valAverage: added.candidates[index]?.valAverage,
        }),
      );
    }
  }
}

/**
 * The engine: given the state and the result of its pending stage, the next state, whose `stage`
 * is what to run next. Pure; the state is JSON after every step, so saving it there and resuming
 * from the saved copy continues exactly as the uninterrupted run.
 */
export function step(
  state: GepaState,
  result: StageResult,
): { state: GepaState; nextStage: Stage } {
  const stage = state.stage;
  let next: GepaState;
  if (stage.kind === 'done') {
    throw new Error(`the run has stopped (${stage.reason})`);
  }
  if (stage.kind === 'reflect') {
    if (result.kind !== 'reflect') {
      throw new Error('the reflect stage needs a reflect result');
    }
    next = afterReflect(state, result);
  } else {
    if (result.kind !== 'eval') {
      throw new Error(`stage ${stage.kind} needs an eval result`);
    }
    next = afterEval(state, stage, result);
  }
  return { state: next, nextStage: next.stage };
}
