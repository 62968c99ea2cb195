import { templateVariables } from '@/agents/template-variables';

/** The best-practice lints that read the prompt text alone (and the text it came from). */
export const TEXT_LINTS = ['placeholders', 'length', 'duplicate_lines', 'always_never'] as const;
export type TextLint = (typeof TEXT_LINTS)[number];

export type LintFinding = { lint: string; message: string; practiceId?: string };

/** A prompt longer than this many characters is flagged (rules no eval depends on pile up). */
export const MAX_PROMPT_CHARS = 12_000;

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

/**
 * The text lints of a prompt (design §8): every `{{variable}}` of the text it came from kept,
 * the length (`maxChars`, default {@link MAX_PROMPT_CHARS}), duplicate lines, and an "always"
 * and a "never" line about the same subject. Part of `lintPrompt`, the one entry point.
 */
export function lintPromptText(
  text: string,
  options: { previous?: string | null; maxChars?: number } = {},
): { lint: TextLint; message: string }[] {
  const lines = text.split('\n').map((l) => l.trim());
  const max = options.maxChars ?? MAX_PROMPT_CHARS;
  const found: Record<TextLint, string[]> = {
    placeholders: options.previous != null ? placeholders(text, options.previous) : [],
    length:
      text.length > max
        ? [`${text.length} characters, over ${max}: cut sentences no eval or label depends on`]
        : [],
    duplicate_lines: duplicateLines(lines),
    always_never: alwaysNever(lines),
  };
  return TEXT_LINTS.flatMap((lint) => found[lint].map((message) => ({ lint, message })));
}

/** Lint findings as one guard result (`lints`), for `prompt_iterations.guard_results`. */
export const lintResult = (lints: readonly LintFinding[]): { ok: boolean; message?: string } =>
  lints.length === 0
    ? { ok: true }
    : { ok: false, message: lints.map((l) => `${l.lint}: ${l.message}`).join('; ') };
