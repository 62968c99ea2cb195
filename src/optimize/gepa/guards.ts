import { type LintRules, newLintFindings } from '@/agents/practices/lint-prompt';
import { lintResult } from '@/agents/practices/lint-text';
import { templateVariables as slotNames } from '@/agents/template-variables';

/** One proposal guard's verdict, as stored in `prompt_iterations.guard_results`. */
export type GuardResult = { ok: boolean; message?: string };
export type GuardResults = {
  variables: GuardResult;
  novel: GuardResult;
  length: GuardResult;
  copied: GuardResult;
  /** The best-practice lints the parent passed (text lints, tools named, the rules' lints). */
  lints: GuardResult;
};

export type GuardInput = {
  parent: Record<string, string>;
  child: Record<string, string>;
  pool: readonly Record<string, string>[];
  /** Text of the minibatch tasks the reflector saw (user side, expectations). */
  taskTexts: readonly string[];
  maxChars: number;
  /** The agent's tools and the workspace's rules for the lints (none: the text lints only). */
  lint?: Omit<LintRules, 'maxChars'>;
};

const SHINGLE = 8;

/** The `{{variable}}` names of a template, sorted and unique (the agents' slot reader, in order). */
export function templateVariables(text: string): string[] {
  return slotNames(text).sort();
}

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];

function shingles(text: string): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= w.length; i++) {
    out.add(w.slice(i, i + SHINGLE).join(' '));
  }
  return out;
}

/** Tokens that look like identifiers: emails, and tokens of 4+ characters holding a digit. */
export function idLikeTokens(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)) {
    out.add(m[0].toLowerCase());
  }
  for (const m of text.matchAll(/[A-Za-z0-9][\w-]{2,}[A-Za-z0-9]/g)) {
    if (/\d/.test(m[0])) {
      out.add(m[0].toLowerCase());
    }
  }
  return out;
}

function copiedFromTasks(parent: string, child: string, taskTexts: readonly string[]): string[] {
  const found: string[] = [];
  const parentShingles = shingles(parent);
  const parentIds = idLikeTokens(parent);
  const childShingles = shingles(child);
  const childIds = idLikeTokens(child);
  for (const task of taskTexts) {
    for (const s of shingles(task)) {
      if (childShingles.has(s) && !parentShingles.has(s)) {
        found.push(`"${s}"`);
      }
    }
    for (const id of idLikeTokens(task)) {
      if (childIds.has(id) && !parentIds.has(id)) {
        found.push(id);
      }
    }
  }
  return [...new Set(found)];
}

const sameCandidate = (a: Record<string, string>, b: Record<string, string>) => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
};

/**
 * The guards run on a proposal before any rollout (§1.10): a rejected proposal costs none.
 * Each component is checked against the same component of the parent, the best-practice text
 * lints included (§8: a lint finding the parent did not have rejects the proposal).
 */
export function checkProposal(input: GuardInput): GuardResults {
  const { parent, child } = input;
  const names = Object.keys(child).sort();
  const variableIssues: string[] = [];
  const lengthIssues: string[] = [];
  const copied: string[] = [];
  const lintIssues: string[] = [];
  for (const name of names) {
    const before = parent[name] ?? '';
    const after = child[name] ?? '';
    if (before === after) {
      continue;
    }
    const want = templateVariables(before).join(', ');
    const got = templateVariables(after).join(', ');
    if (want !== got) {
      variableIssues.push(`${name}: expected {${want}}, got {${got}}`);
    }
    if (after.length > input.maxChars) {
      lengthIssues.push(`${name}: ${after.length} characters (cap ${input.maxChars})`);
    }
    copied.push(...copiedFromTasks(before, after, input.taskTexts));
    const lints = lintResult(
      newLintFindings(before, after, { ...input.lint, maxChars: input.maxChars }),
    );
    if (!lints.ok) {
      lintIssues.push(`${name}: ${lints.message}`);
    }
  }
  const duplicate = input.pool.findIndex((c) => sameCandidate(c, child));
  return {
    variables: variableIssues.length
      ? { ok: false, message: variableIssues.join('; ') }
      : { ok: true },
    novel:
      duplicate >= 0 ? { ok: false, message: `same text as candidate ${duplicate}` } : { ok: true },
    length: lengthIssues.length ? { ok: false, message: lengthIssues.join('; ') } : { ok: true },
    copied: copied.length
      ? { ok: false, message: `copied from the minibatch tasks: ${copied.slice(0, 5).join(', ')}` }
      : { ok: true },
    lints: lintIssues.length ? { ok: false, message: lintIssues.join('; ') } : { ok: true },
  };
}

export const guardsPass = (g: GuardResults) =>
  g.variables.ok && g.novel.ok && g.length.ok && g.copied.ok && g.lints.ok;
