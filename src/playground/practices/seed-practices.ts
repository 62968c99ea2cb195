import type { PracticeLint } from './practice-input';

/** A best-practice rule as the improve step and the lints read it. */
export type Practice = {
  id: string;
  category: string;
  title: string;
  /** One sentence. */
  rule: string;
  /** Words separated by `|` found in a failure (case-insensitive), or `eval:<name>` for an eval that failed. */
  trigger: string | null;
  lint: PracticeLint | null;
  source: 'iofold' | 'workspace';
  enabled: boolean;
};

const seed = (
  id: string,
  category: string,
  title: string,
  rule: string,
  trigger: string,
  lint: PracticeLint | null = null,
): Practice => ({
  id: `iofold.${id}`,
  category,
  title,
  rule,
  trigger,
  lint,
  source: 'iofold',
  enabled: true,
});

/**
 * Our own short rules (design §8), the same in every workspace. Each has a trigger the improve
 * step matches against failures, and a lint where a rule can be checked on the text alone.
 */
export const SEED_PRACTICES: readonly Practice[] = [
  seed(
    'role_goal',
    'structure',
    'Role and goal first',
    'State the role and the goal in the first two sentences.',
    'off topic|off-topic|wrong task|not what was asked|unclear goal',
  ),
  seed(
    'one_rule_per_line',
    'structure',
    'One testable rule per line',
    'Write one rule per line, each one a check someone could test.',
    'ignored|did not follow|missed the rule|repeated',
    { kind: 'duplicate_lines' },
  ),
  seed(
    'missing_information',
    'behaviour',
    'Ask, do not guess',
    'Say what to do when information is missing: ask for it, do not guess.',
    'guess|assumed|made up|invented|hallucinat|missing information|without asking',
  ),
  seed(
    'name_tools',
    'tools',
    'Name each tool',
    'Name each tool, when to use it, and what to do when it returns an error.',
    'tool error|wrong tool|error|not called|failed call|no tool',
    { kind: 'tools_named' },
  ),
  seed(
    'confirm_irreversible',
    'safety',
    'Confirm irreversible actions',
    'Confirm with the user before any irreversible action such as a cancellation, refund or deletion.',
    'without confirm|irreversible|cancel|refund|delete|unauthori',
  ),
  seed(
    'precedence',
    'structure',
    'Say which rule wins',
    'When two rules can conflict, say in writing which one wins.',
    'contradict|conflict|inconsistent',
    { kind: 'always_never' },
  ),
  seed(
    'output_format',
    'output',
    'Output format with an example',
    'Give the output format with one short example.',
    'format|json|parse|schema|malformed',
  ),
  seed(
    'policy_tone',
    'structure',
    'Policy apart from tone',
    'Keep policy rules separate from tone and style.',
    'tone|rude|impolite|style',
  ),
  seed(
    'do_x',
    'wording',
    'Say what to do',
    'Prefer "do X" to "do not do Y", and state each exception explicitly.',
    'exception|edge case|refused|over-refus',
  ),
  seed(
    'no_customer_data',
    'safety',
    'No customer data in the prompt',
    'Never paste customer data or ids from traces into the prompt.',
    'copied|leak|customer data|personal data|pii',
  ),
  seed(
    'keep_placeholders',
    'template',
    'Keep every placeholder',
    'Keep every {{variable}} placeholder of the template intact.',
    'variable|placeholder|template',
    { kind: 'placeholders' },
  ),
  seed(
    'cut_unused',
    'wording',
    'Cut what nothing checks',
    'Cut sentences no eval or label depends on.',
    'too long|verbose|context|length|rambl',
    { kind: 'length' },
  ),
];
