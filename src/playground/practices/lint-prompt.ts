import { templateVariables } from '@/agents/template-variables';
import type { Practice, PracticeLint } from './practice-input';

export type LintFinding = { lint: string; message: string; practiceId?: string };

/** A prompt longer than this many characters is flagged (rules no eval depends on pile up). */
export const MAX_PROMPT_CHARS = 12_000;

/** What a lint may read besides the text: the text it came from, the tools, the rules. */
export type LintContext = {
  previous?: string | null;
  /** Tool names the agent can call (the `tools_named` lint). */
  tools?: readonly string[];
  /** Enabled rules; their lints run and their ids tag the findings. */
  practices?: readonly Practice[];
};

const words = (line: string) =>
  line
    .toLowerCase()
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 3);

function placeholders(text: string, previous: string): string[] {
  const kept = new Set(templateVariables(text));
  const lost = templateVariables(previous).filter((v) => !kept.has(v));
  return lost.length > 0 ? [`the edit drops ${lost.map((v) => `{{${v}}}`).join(', ')}`] : [];
}

function duplicateLines(lines: string[]): string[] {
  const out: string[] = [];
  const seen = new Map<string, number>();
  lines.forEach((line, i) => {
    if (line.length < 8) {
      return;
    }
    const first = seen.get(line.toLowerCase());
    if (first !== undefined) {
      out.push(`line ${i + 1} repeats line ${first + 1}`);
    } else {
      seen.set(line.toLowerCase(), i);
    }
  });
  return out;
}

function alwaysNever(lines: string[]): string[] {
  const out: string[] = [];
  const always = lines.flatMap((l, i) => (/\balways\b/i.test(l) ? [[i, l] as const] : []));
  const never = lines.flatMap((l, i) => (/\bnever\b/i.test(l) ? [[i, l] as const] : []));
  for (const [i, a] of always) {
    const subject = new Set(words(a.replace(/\balways\b/i, '')));
    for (const [j, n] of never) {
      const shared = words(n.replace(/\bnever\b/i, '')).filter((w) => subject.has(w));
      if (shared.length >= 2) {
        out.push(
          `line ${i + 1} says always and line ${j + 1} never about "${shared.join(' ')}": say which wins`,
        );
      }
    }
  }
  return out;
}

const toolsNamed = (text: string, tools: readonly string[]) =>
  tools
    .filter((t) => !text.toLowerCase().includes(t.toLowerCase()))
    .map(
      (t) => `the prompt never names the tool ${t}: say when to use it and what to do on an error`,
    );

/**
 * The best-practice lints of a prompt (design §8): every `{{variable}}` of the text it came from
 * kept, the length, duplicate lines, an "always" and a "never" line about the same subject, every
 * tool named (when tools are given), and the forbid/require lints of workspace rules.
 */
export function lintPrompt(text: string, context: LintContext = {}): LintFinding[] {
  const lines = text.split('\n').map((l) => l.trim());
  const byKind = new Map(
    (context.practices ?? []).flatMap((p) => (p.lint ? [[p.lint.kind, p.id]] : [])),
  );
  const findings: LintFinding[] = [];
  const add = (lint: PracticeLint['kind'], messages: string[], practiceId = byKind.get(lint)) => {
    for (const message of messages) {
      findings.push(practiceId ? { lint, message, practiceId } : { lint, message });
    }
  };
  if (context.previous != null) {
    add('placeholders', placeholders(text, context.previous));
  }
  if (text.length > MAX_PROMPT_CHARS) {
    add('length', [
      `${text.length} characters, over ${MAX_PROMPT_CHARS}: cut sentences no eval or label depends on`,
    ]);
  }
  add('duplicate_lines', duplicateLines(lines));
  add('always_never', alwaysNever(lines));
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
