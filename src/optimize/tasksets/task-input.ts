import { z } from '@hono/zod-openapi';
import { canonicalJson } from '@/core/canonical-json';
import { SPLITS } from '@/db/schema';
import { stableHash } from '@/traces/stable-hash';
import { MAX_MESSAGE_CHARS, MAX_USER_TURNS } from '../tasks/user-turns';

const Action = z.object({ name: z.string().min(1).max(200), arguments: z.unknown() });

export const TaskExpectationsInput = z
  .strictObject({
    output: z.string().max(MAX_MESSAGE_CHARS).optional(),
    actions: z.array(Action).max(200).optional(),
    criteria: z.array(z.string().max(2_000)).max(100).optional(),
    communicate: z.array(z.string().max(2_000)).max(100).optional(),
    purpose: z.string().max(4_000).optional(),
    rewardBasis: z.array(z.string().max(100)).max(20).optional(),
  })
  .openapi('TaskExpectations');

/**
 * A task written by hand or imported: the user side (a first message, the recorded user turns,
 * or a scenario for a simulated user), template variables and optional expectations.
 */
export const TaskInput = z
  .strictObject({
    externalId: z.string().min(1).max(200).optional(),
    userMessage: z.string().max(MAX_MESSAGE_CHARS).default(''),
    userTurns: z.array(z.string().max(MAX_MESSAGE_CHARS)).max(MAX_USER_TURNS).optional(),
    scenario: z.record(z.string(), z.unknown()).optional(),
    variables: z.record(z.string().max(100), z.string().max(MAX_MESSAGE_CHARS)).optional(),
    expectations: TaskExpectationsInput.optional(),
    split: z.enum(SPLITS).optional(),
  })
  .refine((t) => t.userMessage.trim() !== '' || (t.userTurns?.length ?? 0) > 0 || t.scenario, {
    message: 'a task needs a userMessage, userTurns or a scenario',
  })
  .openapi('TaskInput');
export type TaskInput = z.input<typeof TaskInput>;
export type ParsedTask = z.output<typeof TaskInput>;

/**
 * What makes two tasks the same task: their user side and variables (whitespace-trimmed).
 * Expectations and ids do not count: one request with two answers is one task.
 */
export function taskContentHash(task: {
  userMessage: string;
  userTurns?: string[] | null;
  scenario?: Record<string, unknown> | null;
  variables?: Record<string, string> | null;
}): string {
  return stableHash(
    canonicalJson({
      m: task.userMessage.trim(),
      t: (task.userTurns ?? []).map((t) => t.trim()),
      s: task.scenario ?? null,
      v: task.variables ?? {},
    }),
  );
}
