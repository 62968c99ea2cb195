import { type LintFinding, lintPromptText } from '@/optimize/gepa/lint-prompt-text';
import type { Practice, PracticeLint } from './practice-input';

/** What a lint may read besides the text: the text it came from, the tools, the rules. */
export type LintContext = {
  previous?: string | null;
  /** Tool names the agent can call (the `tools_named` lint). */
  tools?: readonly string[];
  /** Enabled rules; their lints run and their ids tag the findings. */
  practices?: readonly Practice[];
};

const toolsNamed = (text: string, tools: readonly string[]) =>
  tools
    .filter((t) => !text.toLowerCase().includes(t.toLowerCase()))
    .map(
      (t) => `the prompt never names the tool ${t}: say when to use it and what to do on an error`,
    );

/**
 * The best-practice lints of a prompt (design §8): the text lints GEPA's guards also run
 * (placeholders, length, duplicate lines, always/never), every tool named (when tools are given),
 * and the forbid/require lints of workspace rules; each finding tagged with the rule that owns it.
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
  for (const f of lintPromptText(text, { previous: context.previous })) {
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
