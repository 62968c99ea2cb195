// The generated coding tasks: one repository change each, run several times by the agent.
import { LANGUAGES, type Language } from './coding-languages';
import { requestFor } from './coding-phrasing';

export type TaskKind = 'bug' | 'feature' | 'dependency' | 'refactor';

export type CodingTask = {
  /** The group id: every run of one task shares it. */
  id: string;
  language: Language;
  project: string;
  pkg: string;
  kind: TaskKind;
  module: string;
  fnName: string;
  source: string;
  test: string;
  /** Another source file of the same package, sometimes read or touched. */
  related: string;
  /** The library the user asks to use (dependency tasks), else null. */
  dependency: string | null;
  request: string;
};

const PROJECTS = ['ledger', 'tidepool', 'orchard', 'beacon', 'quill', 'harbor', 'cinder', 'atlas'];
const PACKAGES = ['billing', 'auth', 'ingest', 'export', 'sched', 'search', 'notify', 'storage'];
const MODULES = [
  'parse-date',
  'round-money',
  'slugify',
  'retry-backoff',
  'merge-config',
  'token-expiry',
  'csv-row',
  'rate-limit',
  'page-cursor',
  'dedupe-events',
  'tax-rate',
  'email-mask',
];
const KINDS: TaskKind[] = ['bug', 'bug', 'bug', 'feature', 'feature', 'dependency', 'refactor'];

export function makeTask(index: number, random: () => number): CodingTask {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const language = pick(LANGUAGES);
  const pkg = pick(PACKAGES);
  const module = pick(MODULES);
  const other = pick(MODULES.filter((m) => m !== module));
  const kind = pick(KINDS);
  const task: CodingTask = {
    id: `code-${String(index).padStart(3, '0')}`,
    language,
    project: pick(PROJECTS),
    pkg,
    kind,
    module,
    fnName: module.replaceAll('-', '_'),
    source: language.sourcePath(pkg, module),
    test: language.testPath(pkg, module),
    related: language.sourcePath(pkg, other),
    dependency: kind === 'dependency' ? pick(language.dependencies) : null,
    request: '',
  };
  task.request = requestFor(task, random);
  return task;
}
