import type { EvalView } from '@/core/eval-view';
import { digits, int, lowerWord, lowerWords, pick, seededRuns } from './draw';
import { makeView, type Turn } from './make-view';

/**
 * Generated data-desk runs for learning tests of patterns inside free-text arguments: the agent
 * runs SQL queries (`run_query`, `sql`) and shell commands (`run_shell`, `command`) and files a
 * note (`post_note`, `text`). What a lead cares about is a token inside the text, never the whole
 * value: a table of the `raw_` family named in a query (tables of any name, beside `stg_`, `dim_`,
 * `fct_` ones and columns that merely start with `raw`), a wildcard in a shell command (`*.log`,
 * `tmp/*`) beside the same commands naming one file, a `--skip-` flag of any name beside other
 * flags, an order code (`ORD-` and six digits) inside the note beside other codes, a load's
 * input file under a `raw/` directory given as a flag's value (`--input=data/raw/x.csv`).
 */
export type DataDeskRun = {
  view: EvalView;
  /** No query read a table of the `raw_` family. */
  noRawTables: boolean;
  /** No shell command had a wildcard. */
  noWildcards: boolean;
  /** No shell command passed a `--skip-...` flag. */
  noSkipFlags: boolean;
  /** The note named an order code (`ORD-` and six digits). */
  notedOrder: boolean;
  /** No note was posted in a run that read a `raw_` table (two facts at once fail it). */
  noNoteFromRaw: boolean;
  /** No load read a file under a `raw/` directory (named as a flag's value: `--input=data/raw/x.csv`). */
  noRawInput: boolean;
};

const name = (r: () => number) => lowerWords(r, 2, 3, 8, '_');

const COLUMNS = ['id', 'total', 'status', 'created_at', 'rawness', 'raw', 'region'];

function query(r: () => number): [string, boolean] {
  const raw = r() < 0.3;
  const table = raw ? `raw_${name(r)}` : `${pick(r, ['stg_', 'dim_', 'fct_', ''])}${name(r)}`;
  const cols = [pick(r, COLUMNS), pick(r, COLUMNS)].join(', ');
  const other = `${pick(r, ['dim_', 'stg_'])}${name(r)}`;
  const shapes = [
    `SELECT ${cols} FROM ${table} WHERE status = 'open' LIMIT ${int(r, 5, 99)}`,
    `SELECT count(*) FROM ${table}`,
    `SELECT a.${pick(r, COLUMNS)} FROM ${other} a JOIN ${table} b ON a.id = b.id`,
  ];
  return [pick(r, shapes), !raw];
}

function command(r: () => number): [string, boolean, boolean] {
  const wild = r() < 0.3;
  const dir = pick(r, ['tmp', 'logs', 'build', 'out']);
  const file = wild
    ? pick(r, [
        `${dir}/*.${pick(r, ['log', 'tmp', 'csv'])}`,
        `${dir}/*`,
        `${dir}/${lowerWord(r, 3, 6)}*`,
      ])
    : `${dir}/${lowerWord(r, 3, 8)}.${pick(r, ['log', 'tmp', 'csv'])}`;
  const skip = r() < 0.25;
  const flag = skip
    ? `--skip-${pick(r, ['tests', 'lint', 'checks', 'hooks', 'migrations', lowerWord(r, 4, 7)])}`
    : pick(r, ['--verbose', '--strict', '--dry-run', '--no-color', '--quiet', '']);
  const line = pick(r, [
    `rm -f ${file}`,
    `cp ${file} archive/`,
    `make deploy ${flag} && ls ${file}`,
    `./run.sh ${flag} ${file}`,
  ]);
  return [line, !line.includes('*'), !line.includes('--skip-')];
}

function note(r: () => number): [string, boolean] {
  const order = r() < 0.5;
  const code = order
    ? `ORD-${digits(r, 6)}`
    : pick(r, [`ORD${digits(r, 6)}`, `REF-${digits(r, 6)}`, `ORD-${digits(r, 4)}`, 'the order']);
  const text = pick(r, [
    `Checked ${code} for the customer, numbers look fine.`,
    `Follow up on ${code} tomorrow please`,
    `Data pulled; see ${code} and the shared sheet.`,
  ]);
  return [text, order];
}

const ASKS = [
  'Can you pull the numbers for the weekly report?',
  'Please clean up and check the data for me.',
  'I need the dashboard refreshed, can you help?',
  'Sort out the export and tell me what you find.',
];
const SAYS = ['On it.', 'Let me take a look.', 'Sure, one moment.', 'Starting now.'];
const CLOSES = ['All set.', 'Anything else?', 'That should be it.', 'Done for today.'];

function run(r: () => number, i: number): DataDeskRun {
  const turns: Turn[] = [{ user: pick(r, ASKS) }, { assistant: pick(r, SAYS) }];
  let noRawTables = true;
  for (let q = int(r, 1, 2); q > 0; q--) {
    const [sql, ok] = query(r);
    noRawTables &&= ok;
    turns.push({ call: 'run_query', args: { sql }, result: `{"rows": ${int(r, 0, 40)}}` });
  }
  let noWildcards = true;
  let noSkipFlags = true;
  for (let c = int(r, 0, 2); c > 0; c--) {
    const [line, noWild, noSkip] = command(r);
    noWildcards &&= noWild;
    noSkipFlags &&= noSkip;
    turns.push({ call: 'run_shell', args: { command: line }, result: '{"exit_code": 0}' });
  }
  let notedOrder = false;
  const posted = r() < 0.8;
  if (posted) {
    const [text, order] = note(r);
    notedOrder = order;
    turns.push({ call: 'post_note', args: { text }, result: '{"posted": true}' });
  }
  let noRawInput = true;
  if (r() < 0.7) {
    const stage = r() < 0.35 ? 'raw' : pick(r, ['clean', 'staged', 'final']);
    noRawInput = stage !== 'raw';
    const input = `data/${stage}/${lowerWord(r, 3, 8)}.${pick(r, ['csv', 'json'])}`;
    const command = pick(r, [
      `./load.sh --input=${input} --quiet`,
      `python -m loader --input=${input}`,
      `make load ARGS=--input=${input}`,
    ]);
    turns.push({ call: 'run_shell', args: { command }, result: '{"exit_code": 0}' });
  }
  turns.push({ assistant: pick(r, CLOSES) });
  return {
    noRawInput,
    view: makeView(turns, { task_id: `data-${i}` }),
    noRawTables,
    noWildcards,
    noSkipFlags,
    notedOrder,
    noNoteFromRaw: noRawTables || !posted,
  };
}

/** `n` runs from `seed`, each its own task. */
export const dataDeskRuns = seededRuns(run);
