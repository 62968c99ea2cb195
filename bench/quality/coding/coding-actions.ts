// The agent's actions in a generated coding run: each one appends tool calls to the session and
// keeps track of what a person reviewing the run would know (what was opened, changed, tested).
import { NARRATION } from './coding-phrasing';
import type { CodingSession } from './coding-session';
import type { CodingTask } from './coding-tasks';

export type Random = () => number;

export type RunState = {
  task: CodingTask;
  random: Random;
  s: CodingSession;
  opened: Set<string>;
  /** Paths changed, in order of first change. */
  changed: string[];
  /** The source passes the visible tests. */
  sourceWorks: boolean;
  /** The hidden acceptance tests also pass (only meaningful while `sourceWorks`). */
  hiddenOk: boolean;
  testsWeakened: boolean;
  /** Debug lines added and not removed, by path. */
  debugLeft: Map<string, string>;
  lastTest: { command: string; passed: boolean; editsBefore: number } | null;
  edits: number;
};

export const chance = (st: RunState, p: number) => st.random() < p;
export const pickOf = <T>(st: RunState, xs: readonly T[]): T =>
  xs[Math.floor(st.random() * xs.length)] as T;

/** `n` random hexadecimal digits (commit hashes, token values). */
export const hex = (st: RunState, n: number) =>
  Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(st.random() * 16)]).join('');

function narration(st: RunState): string | null {
  return chance(st, 0.45) ? pickOf(st, NARRATION) : null;
}

const comment = (st: RunState, path: string) =>
  `${st.task.language.name === 'python' ? '#' : '//'} ${path}\n`;

export function fileText(st: RunState, path: string): string {
  const { language, fnName } = st.task;
  const body = path === st.task.source ? 'return value.strip()' : 'return value';
  return `${comment(st, path)}${language.fn(path === st.task.source ? fnName : 'helper', body)}`;
}

export function shell(st: RunState, command: string, exit: number, stdout = '', stderr = '') {
  st.s.call('run_shell', { command }, { ok: { exit_code: exit, stdout, stderr } }, narration(st));
}

export function read(st: RunState, path: string) {
  const content = fileText(st, path);
  if (chance(st, 0.3)) {
    const command = pickOf(st, [`cat ${path}`, `sed -n '1,120p' ${path}`, `head -n 80 ${path}`]);
    shell(st, command, 0, content);
  } else {
    const ok = { path, lines: content.split('\n').length, content };
    st.s.call('read_file', { path }, { ok }, narration(st));
  }
  st.opened.add(path);
}

export function explore(st: RunState) {
  if (chance(st, 0.5)) {
    const dir = st.task.source.split('/').slice(0, -1).join('/') || '.';
    const entries = [st.task.source, st.task.related].map((p) => p.split('/').at(-1));
    st.s.call('list_dir', { path: dir }, { ok: { path: dir, entries } }, narration(st));
  } else {
    const matches = [st.task.source, st.task.test].map((p, i) => ({ path: p, line: 3 + 9 * i }));
    st.s.call('search_code', { query: st.task.fnName }, { ok: { matches } }, narration(st));
  }
}

function noteChange(st: RunState, path: string) {
  st.edits += 1;
  if (!st.changed.includes(path)) {
    st.changed.push(path);
  }
}

/** One edit of `path`: `edit_file` (fails when the agent guesses text it never read) or `write_file`. */
export function edit(
  st: RunState,
  path: string,
  newBody: string,
  debug: string | null,
  retried = false,
) {
  const { language } = st.task;
  const body = debug ? `${debug}\n    ${newBody}` : newBody;
  if (chance(st, 0.55)) {
    // Without reading the file, the agent guesses the text to replace, right half the time.
    const guessedWrong = !st.opened.has(path) && !retried && chance(st, 0.5);
    const old = guessedWrong ? 'return value.trim()' : 'return value.strip()';
    const args = { path, old_string: old, new_string: body };
    if (guessedWrong) {
      st.s.call('edit_file', args, { error: `old_string not found in ${path}` }, narration(st));
      if (chance(st, 0.6)) {
        read(st, path);
      }
      return edit(st, path, newBody, debug, true);
    }
    st.s.call('edit_file', args, { ok: { path, replacements: 1 } }, narration(st));
  } else {
    const content = `${comment(st, path)}${language.fn(st.task.fnName, body)}`;
    const ok = { path, bytes: content.length, created: false };
    st.s.call('write_file', { path, content }, { ok }, narration(st));
  }
  if (debug) {
    st.debugLeft.set(path, debug);
  }
  noteChange(st, path);
}

/** Removes the debug line left in `path` with an `edit_file` that names it. */
export function removeDebug(st: RunState, path: string) {
  const line = st.debugLeft.get(path);
  if (line) {
    const args = { path, old_string: `${line}\n`, new_string: '' };
    st.s.call('edit_file', args, { ok: { path, replacements: 1 } }, narration(st));
    st.debugLeft.delete(path);
    noteChange(st, path);
  }
}

export function runTests(st: RunState, command: string) {
  const { language, test, fnName } = st.task;
  const passed = st.sourceWorks || st.testsWeakened;
  const out = passed ? language.success(6 + st.edits) : language.failure(test, `test_${fnName}`);
  shell(st, command, passed ? 0 : 1, out);
  st.lastTest = { command, passed, editsBefore: st.edits };
}
