import { templateVariables } from '@/agents/template-variables';

export type LintFinding = { lint: string; message: string };

/** A prompt longer than this many characters is flagged (rules no eval depends on pile up). */
export const MAX_PROMPT_CHARS = 12_000;

const words = (line: string) =>
  line
    .toLowerCase()
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 3);

/**
 * The best-practice lints of a prompt edit against the text it came from: every `{{variable}}`
 * kept, the length, duplicate lines, and an "always" and a "never" line about the same subject.
 */
export function lintPrompt(text: string, previous: string | null = null): LintFinding[] {
  const findings: LintFinding[] = [];
  if (previous !== null) {
    const kept = new Set(templateVariables(text));
    const lost = templateVariables(previous).filter((v) => !kept.has(v));
    if (lost.length > 0) {
      findings.push({
        lint: 'placeholders',
        message: `the edit drops ${lost.map((v) => `{{${v}}}`).join(', ')}`,
      });
    }
  }
  if (text.length > MAX_PROMPT_CHARS) {
    findings.push({
      lint: 'length',
      message: `${text.length} characters, over ${MAX_PROMPT_CHARS}: cut sentences no eval or label depends on`,
    });
  }
  const seen = new Map<string, number>();
  const lines = text.split('\n').map((l) => l.trim());
  lines.forEach((line, i) => {
    if (line.length < 8) {
      return;
    }
    const first = seen.get(line.toLowerCase());
    if (first !== undefined) {
      findings.push({
        lint: 'duplicate_lines',
        message: `line ${i + 1} repeats line ${first + 1}`,
      });
    } else {
      seen.set(line.toLowerCase(), i);
    }
  });
  const always = lines.flatMap((l, i) => (/\balways\b/i.test(l) ? [[i, l] as const] : []));
  const never = lines.flatMap((l, i) => (/\bnever\b/i.test(l) ? [[i, l] as const] : []));
  for (const [i, a] of always) {
    const subject = new Set(words(a.replace(/\balways\b/i, '')));
    for (const [j, n] of never) {
      const shared = words(n.replace(/\bnever\b/i, '')).filter((w) => subject.has(w));
      if (shared.length >= 2) {
        findings.push({
          lint: 'always_never',
          message: `line ${i + 1} says always and line ${j + 1} never about "${shared.join(' ')}": say which wins`,
        });
      }
    }
  }
  return findings;
}
