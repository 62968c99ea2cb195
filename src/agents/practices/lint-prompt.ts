import { type LintFinding, lintPromptText } from './lint-text';
import type { Practice, PracticeLint } from './practice-input';

/** A rule as the lints read it (a GEPA run keeps these in its state). */
export type LintRule = Pick<Practice, 'id' | 'title' | 'lint'>;

/** What the lints read besides the text: the tools and the rules (see `promptLintContext`). */
export type LintRules = {
  /** Tool names the agent can call (the `tools_named` lint). */
  tools?: readonly string[];
  /** Enabled rules; their lints run and their ids tag the findings. */
  practices?: readonly LintRule[];
  /** The `length` lint's cap (default `MAX_PROMPT_CHARS`; a GEPA run uses its own). */
  maxChars?: number;
};

/** The text it came from, for the `placeholders` lint. */
export type LintContext = LintRules & { previous?: string | null };

const toolsNamed = (text: string, tools: readonly string[]) =>
  tools
    .filter((t) => !text.toLowerCase().includes(t.toLowerCase()))
    .map(
      (t) => `the prompt never names the tool ${t}: say when to use it and what to do on an error`,
    );

/**
 * The best-practice lints of a prompt (design §8), the one entry point for every proposal and
 * every edit: the text lints (placeholders, length, duplicate lines, always/never), every tool
 * named (when tools are given), and the forbid/require lints of the rules; each finding tagged
 * with the rule that owns it.
 */
export function lintPrompt(text: string, context: LintContext = {}): LintFinding[] {
  const byKind = new Map(
    (context.practices ?? []).flatMap((p) => (p.lint ? [[p.lint.kind, p.id]] : [])),
  );
  const findings: LintFinding[] = [];
  const add = (lint: PracticeLint['kind'], messages: string[], practiceId = byKind.get(lint)) => {
    for (const message of messages) {
      findings.push(practiceId ? { lint, message, practiceId } : { lint, message });
    }
  };
  for (const f of lintPromptText(text, {
    previous: context.previous,
    maxChars: context.maxChars,
  })) {
    add(f.lint, [f.message]);
  }
  if (context.tools?.length) {
    add('tools_named', toolsNamed(text, context.tools));
  }
  const lower = text.toLowerCase();
  for (const p of context.practices ?? []) {
    if (p.lint?.kind === 'forbid') {
      const found = p.lint.words.filter((w) => lower.includes(w.toLowerCase()));
      add('forbid', found.length ? [`"${found.join('", "')}" (${p.title})`] : [], p.id);
    } else if (
      p.lint?.kind === 'require' &&
      !p.lint.words.some((w) => lower.includes(w.toLowerCase()))
    ) {
      add('require', [`none of "${p.lint.words.join('", "')}" (${p.title})`], p.id);
    }
  }
  return findings;
}

/**
 * The lints a proposal fails that its parent did not: a lint it has more findings of (a seed's
 * own repeated line does not block every child that keeps it). What GEPA's guards block on.
 */
export function newLintFindings(parent: string, child: string, rules: LintRules): LintFinding[] {
  const before = new Map<string, number>();
  for (const f of lintPrompt(parent, rules)) {
    before.set(f.lint, (before.get(f.lint) ?? 0) + 1);
  }
  const after = lintPrompt(child, { ...rules, previous: parent });
  const count = (lint: string) => after.filter((f) => f.lint === lint).length;
  return after.filter((f) => count(f.lint) > (before.get(f.lint) ?? 0));
}
