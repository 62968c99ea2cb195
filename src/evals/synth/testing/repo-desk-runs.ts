import type { EvalView } from '@/core/eval-view';
import { createSeededRandom } from '../../metrics/seeded-random';
import { digits, int, lowerWords, pick } from './draw';
import { makeView, type Turn } from './make-view';

/**
 * Generated repo-desk runs of a coding agent, for learning tests of a family of codes at the start
 * of a value: each task belongs to a project with its own ticket prefix (2 to 5 capitals, 24 of
 * them, so held-out tasks name projects no training task did), and a ticket key `PAY-1234`. A run
 * may create a branch, named `<type>/<KEY>-<slug>` (type fix, bugfix, feature or hotfix) or not
 * (no type, no key, the key in lowercase, a `-` for the `/`), and commit once or twice, each
 * message starting with the key (bare, in brackets or before a colon) or carrying it elsewhere
 * (`fix rounding (PAY-1234)`), in lowercase, or not at all. Four runs per task.
 */
export type RepoDeskRun = {
  view: EvalView;
  /** Every commit message started with the run's ticket key (true with no commit). */
  commitsStartWithKey: boolean;
  /** Every branch created was named `<type>/<KEY>-...` (true with no branch). */
  branchesNamedByType: boolean;
};

const PROJECTS = [
  'PAY',
  'AUTH',
  'API',
  'SRCH',
  'BIL',
  'CORE',
  'WEB',
  'DATA',
  'OPS',
  'SEC',
  'UI',
  'MOB',
  'INFRA',
  'DOCS',
  'QA',
  'PLAT',
  'NET',
  'CRM',
  'ML',
  'ETL',
  'SHOP',
  'CART',
  'GEO',
  'LOGS',
];
const TYPES = ['fix', 'bugfix', 'feature', 'hotfix'];
const SUMMARIES = [
  'fix rounding of totals',
  'handle empty carts',
  'add retry to the client',
  'remove the stale cache',
  'update error messages',
  'guard against null ids',
];
const ASKS = [
  'Please pick up ticket %, the tests are failing.',
  'Can you work on % today?',
  'Ticket % needs a fix, go ahead.',
  'Take % please, it is blocking the release.',
];
const PATHS = ['src/app/totals.py', 'src/lib/client.py', 'src/core/cache.py', 'src/api/views.py'];

/** A commit message and whether it starts with `key`. */
function message(r: () => number, key: string): [string, boolean] {
  const summary = pick(r, SUMMARIES);
  const roll = r();
  if (roll < 0.6) {
    return [pick(r, [`${key} ${summary}`, `[${key}] ${summary}`, `${key}: ${summary}`]), true];
  }
  const lower = key.toLowerCase();
  return [
    pick(r, [
      `${summary} (${key})`,
      `${summary}, refs ${key}`,
      `Fix ${key}: ${summary}`,
      `${lower} ${summary}`,
      summary,
    ]),
    false,
  ];
}

/** A branch name and whether it is `<type>/<KEY>-<slug>`. */
function branch(r: () => number, key: string): [string, boolean] {
  const type = pick(r, TYPES);
  const slug = lowerWords(r, 3, 3, 8, '-');
  if (r() < 0.55) {
    return [`${type}/${key}-${slug}`, true];
  }
  return [
    pick(r, [
      `${key}-${slug}`,
      `${type}/${slug}`,
      `${type}/${key.toLowerCase()}-${slug}`,
      `${type}-${key}-${slug}`,
      `${slug}-${key}`,
    ]),
    false,
  ];
}

function run(r: () => number, task: string, key: string): RepoDeskRun {
  const path = pick(r, PATHS);
  const turns: Turn[] = [
    { user: pick(r, ASKS).replace('%', key) },
    { assistant: 'Looking at it now.' },
    { call: 'read_file', args: { path }, result: 'def total(items):\n    return sum(items)\n' },
  ];
  let branchesNamedByType = true;
  if (r() < 0.8) {
    const [name, ok] = branch(r, key);
    branchesNamedByType = ok;
    turns.push({ call: 'create_branch', args: { name }, result: '{"created": true}' });
  }
  turns.push({ call: 'edit_file', args: { path, content: '...' }, result: '{"ok": true}' });
  turns.push({
    call: 'run_tests',
    args: { command: 'pytest -q' },
    result: `${int(r, 3, 40)} passed`,
  });
  let commitsStartWithKey = true;
  for (let n = int(r, 0, 2); n > 0; n--) {
    const [text, ok] = message(r, key);
    commitsStartWithKey &&= ok;
    turns.push({ call: 'git_commit', args: { message: text }, result: '{"committed": true}' });
  }
  turns.push({ assistant: pick(r, ['Done, the change is committed.', 'All set.', 'Finished.']) });
  return { view: makeView(turns, { task_id: task }), commitsStartWithKey, branchesNamedByType };
}

/** `n` runs from `seed`, four per task, each task of one project and ticket. */
export function repoDeskRuns(seed: number, n: number): RepoDeskRun[] {
  const r = createSeededRandom(seed);
  const out: RepoDeskRun[] = [];
  let key = '';
  for (let i = 0; i < n; i++) {
    if (i % 4 === 0) {
      key = `${pick(r, PROJECTS)}-${digits(r, int(r, 2, 4))}`;
    }
    out.push(run(r, `repo-${seed}-${Math.floor(i / 4)}`, key));
  }
  return out;
}
