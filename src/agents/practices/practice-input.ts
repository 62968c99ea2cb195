import { z } from '@hono/zod-openapi';
import { TEXT_LINTS } from '@/agents/practices/lint-text';

const Words = z.array(z.string().trim().min(1).max(100)).min(1).max(20);

/** A check a rule can make on the prompt text alone. */
export const PracticeLint = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.enum([...TEXT_LINTS, 'tools_named']),
    }),
    /** The prompt must not contain any of these words or phrases (case-insensitive). */
    z.strictObject({ kind: z.literal('forbid'), words: Words }),
    /** The prompt must contain at least one of these words or phrases (case-insensitive). */
    z.strictObject({ kind: z.literal('require'), words: Words }),
  ])
  .openapi('PracticeLint');
export type PracticeLint = z.infer<typeof PracticeLint>;

/** `word|word` (substrings of a failure) or `eval:<name>` (an eval that failed). */
const Trigger = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .refine((t) => t.split('|').every((w) => w.trim().length > 0), 'empty word in the trigger');

export const CreatePracticeInput = z
  .strictObject({
    category: z.string().trim().min(1).max(50),
    title: z.string().trim().min(1).max(120),
    rule: z
      .string()
      .trim()
      .min(1)
      .max(400)
      .refine((r) => !r.includes('\n'), 'a rule is one sentence on one line'),
    trigger: Trigger.nullable().optional(),
    lint: PracticeLint.nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .openapi('CreatePracticeInput');
export type CreatePracticeInput = z.infer<typeof CreatePracticeInput>;

export const UpdatePracticeInput = CreatePracticeInput.partial().openapi('UpdatePracticeInput');
export type UpdatePracticeInput = z.infer<typeof UpdatePracticeInput>;

/** A best-practice rule as the API shows it and the improve step and the lints read it. */
export const PracticeView = z
  .object({
    id: z.string(),
    category: z.string(),
    title: z.string(),
    /** One sentence. */
    rule: z.string(),
    /** Words separated by `|` found in a failure (case-insensitive), or `eval:<name>` for an eval that failed. */
    trigger: z.string().nullable(),
    lint: PracticeLint.nullable(),
    source: z.enum(['iofold', 'workspace']),
    enabled: z.boolean(),
  })
  .openapi('PromptPractice');
export type Practice = z.infer<typeof PracticeView>;

export const LintFindingView = z
  .object({ lint: z.string(), message: z.string(), practiceId: z.string().optional() })
  .openapi('LintFinding');
