import { z } from '@hono/zod-openapi';
import { AppError } from '@/core/errors';
import { service } from '@/core/service';
import {
  insertNewTaskset,
  MAX_TASKS_PER_REQUEST,
  TasksetMeta,
  type TasksetWriteResult,
} from './create-taskset';
import { planNewTasks, toDesiredTask } from './plan-new-tasks';
import type { Split } from './split-tasks';

const Tau2Action = z.looseObject({
  name: z.string().min(1).max(200),
  arguments: z.unknown().optional(),
  kwargs: z.unknown().optional(),
});
const Tau2Task = z.looseObject({
  id: z.union([z.string().min(1).max(200), z.number().int()]),
  description: z
    .union([
      z.string(),
      z.looseObject({ purpose: z.string().nullish(), notes: z.string().nullish() }),
    ])
    .nullish(),
  user_scenario: z.looseObject({
    persona: z.string().nullish(),
    instructions: z.union([z.string(), z.record(z.string(), z.unknown())]),
  }),
  initial_state: z.unknown().optional(),
  evaluation_criteria: z
    .looseObject({
      actions: z.array(Tau2Action).nullish(),
      communicate_info: z.array(z.string()).nullish(),
      nl_assertions: z.array(z.string()).nullish(),
      reward_basis: z.array(z.string()).nullish(),
    })
    .nullish(),
});

const SPLIT_NAMES: Record<string, Split> = {
  train: 'train',
  val: 'val',
  validation: 'val',
  dev: 'val',
  test: 'test',
};

export const ImportTau2Input = TasksetMeta.extend({
  tasks: z.array(Tau2Task).min(1).max(MAX_TASKS_PER_REQUEST).openapi({
    description: 'The contents of a tau2 `tasks.json`',
  }),
  splits: z
    .record(z.string().max(50), z.array(z.union([z.string(), z.number()])))
    .optional()
    .openapi({
      description:
        'The contents of a tau2 `split_tasks.json` (train / val / test; `base` and other names are ignored)',
    }),
}).openapi('ImportTau2Input');
export type ImportTau2Input = z.input<typeof ImportTau2Input>;

/** Which split each task id belongs to; an id in two splits or unknown to the tasks is refused. */
function splitOfIds(splits: Record<string, (string | number)[]>, ids: Set<string>) {
  const out = new Map<string, Split>();
  for (const [name, members] of Object.entries(splits)) {
    const split = SPLIT_NAMES[name.toLowerCase()];
    if (!split) {
      continue;
    }
    for (const raw of members) {
      const id = String(raw);
      if (!ids.has(id)) {
        throw new AppError('VALIDATION', `split "${name}" names task ${id}, which is not in tasks`);
      }
      const seen = out.get(id);
      if (seen && seen !== split) {
        throw new AppError('VALIDATION', `task ${id} is in both the ${seen} and ${split} splits`);
      }
      out.set(id, split);
    }
  }
  return out;
}

/**
 * Imports a tau2-style task file as a new taskset, keeping each task's id (as `externalId`) and
 * the file's split. The user scenario becomes the task's scenario (for a simulated user); the
 * evaluation criteria become hidden expectations. Duplicates are reported, not inserted.
 */
export const importTau2Taskset = service(
  ImportTau2Input,
  async (ctx, parsed): Promise<TasksetWriteResult> => {
    const ids = parsed.tasks.map((t) => String(t.id));
    const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
    if (repeated !== undefined) {
      throw new AppError('VALIDATION', `task id ${repeated} appears twice in tasks`);
    }
    const splitOf = splitOfIds(parsed.splits ?? {}, new Set(ids));
    const desired = parsed.tasks.map((task) => {
      const id = String(task.id);
      const criteria = task.evaluation_criteria ?? {};
      const description = task.description;
      const purpose = typeof description === 'string' ? description : description?.purpose;
      return toDesiredTask({
        externalId: id,
        userMessage: '',
        scenario: {
          persona: task.user_scenario.persona ?? null,
          instructions: task.user_scenario.instructions,
          ...(task.initial_state ? { initialState: task.initial_state } : {}),
        },
        variables: {},
        expectations: {
          actions: (criteria.actions ?? []).map((a) => ({
            name: a.name,
            arguments: a.arguments ?? a.kwargs ?? {},
          })),
          criteria: criteria.nl_assertions ?? [],
          communicate: criteria.communicate_info ?? [],
          ...(purpose ? { purpose } : {}),
          ...(criteria.reward_basis ? { rewardBasis: criteria.reward_basis } : {}),
        },
        split: splitOf.get(id),
      });
    });
    const { added, duplicates } = planNewTasks([], desired);
    const taskset = await insertNewTaskset(ctx, {
      agentId: parsed.agentId,
      name: parsed.name,
      description: parsed.description,
      source: 'tau2',
      tasks: added,
      splitSeed: null,
    });
    return { taskset, added: added.length, duplicates };
  },
);
