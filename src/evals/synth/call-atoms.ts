import {
  commandKind,
  destructiveCommand,
  generatedPath,
  mainCommand,
  printsSecrets,
} from './command-kinds';
import { failureKind, toolFailed } from './predicates/error-predicates';
import { reportsFailingTests, testFile, testTool } from './test-runs';
import {
  type CallFact,
  codePointLength as len,
  parseResultObject,
  type TraceFacts,
} from './trace-facts';

// Mirrored by `_call_atoms` in python-call-helpers.ts; change both together (parity test).

/**
 * What a call's arguments and result look like, generalised from the literal values so that a
 * rule can name a family rather than one value:
 * - `tests`: the call runs the tests, by a tool whose name says so (`run_tests`, `pytest`) or a
 *   command of kind test (`cd /repo && python -m pytest`): one class for either route;
 *   `tests:failed`: that run's result reports failing tests (`2 failed`, `--- FAIL: TestX`,
 *   `{"failed": 1}`; test-runs.ts);
 * - `command^git push`: the first word, and the first two words, of a string argument;
 * - `message^#A+-{1}9+`: the shape its first word starts with (`headShape`), for "every message
 *   started with a ticket key";
 * - `command@lint`: the command runs a linter or type checker; `command@destructive`: it deletes
 *   recursively, discards commits or changes, force-pushes;
 *   `command@secrets`: it prints credentials (command-kinds.ts);
 * - `path@generated`: a path-like word names build output, vendored code, a lock file;
 *   `path@test-file`: it names a test file (`tests/`, `test_*.py`, `*_test.go`, `*.spec.ts`);
 * - `command~--force`: a flag in it;
 * - `path/dir:vendor`, `path/ext:lock`, `path/base:go.sum`: directories, extension and file name
 *   of a path-like word;
 * - `flight#A{3}9{3}`, `flight#[A9]{6}` and `order#"ORD-"9{6}`: the character shape of a one-word
 *   value, with its letter prefix kept literally; of a short value of several words, its runs
 *   only (`ticket#A{2} {1}9{6}`), so that "every ticket was shaped ..." does not hold on it;
 * - `refundable=true`: a boolean argument;
 * - `result.exit_code!=0`, `result.status=ok`: top-level numeric, boolean and short fields of a
 *   JSON result (not dates: a rule naming one stops matching the day after); `failed`: the call
 *   failed; `failed:outage`, `failed:request`: the family of its failure (error-predicates.ts
 *   `failureKind`); `answered:no`: the result answered no (`verified: false`, `approved: false`).
 */
export function callAtoms(call: CallFact): Set<string> {
  const atoms = new Set<string>();
  if (toolFailed(call)) {
    atoms.add('failed');
    const kind = failureKind(call);
    if (kind !== null) {
      atoms.add(`failed:${kind}`);
    }
  }
  if (testTool(call.name)) {
    atoms.add('tests');
  }
  if (isRecord(call.args)) {
    for (const [key, value] of Object.entries(call.args)) {
      if (typeof value === 'boolean') {
        atoms.add(`${key}=${value ? 'true' : 'false'}`);
      } else if (typeof value === 'string' && len(value) <= 300) {
        stringAtoms(key, value, atoms);
      }
    }
  }
  if (atoms.has('tests') && reportsFailingTests(call.result)) {
    atoms.add('tests:failed');
  }
  const result = parseResultObject(call.result);
  if (result) {
    for (const [key, value] of Object.entries(result)) {
      if (typeof value === 'boolean') {
        atoms.add(`result.${key}=${value ? 'true' : 'false'}`);
        if (!value && ANSWER_KEY.test(key.toLowerCase())) {
          atoms.add('answered:no');
        }
      } else if (typeof value === 'number') {
        atoms.add(`result.${key}${value === 0 ? '=0' : '!=0'}`);
      } else if (
        typeof value === 'string' &&
        len(value) <= 24 &&
        !WHITESPACE.test(value) &&
        !ISO_DATE.test(value)
      ) {
        atoms.add(`result.${key}=${value}`);
      }
    }
  }
  return atoms;
}

/**
 * Mirrors ANSWER_KEY in python-call-helpers.ts: a result field (lower-cased) that answers the
 * call's question, so that `false` there is a no (`verified`, `approved`, `identity_confirmed`,
 * `is_valid`, `found`): such a call happened but did not succeed.
 */
const ANSWER_KEY =
  /(?:^|_)(?:verified|approved|authori[sz]ed|allowed|valid|granted|confirmed|eligible|passed|permitted|accepted|matched|match|found|exists|ok|success|successful)$/;
const WHITESPACE = /[ \t\n\r]/;
const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}/;
const WORD = /[^ \t\n\r'"]+/g;
const PATH_WORD = /^[A-Za-z0-9_./-]+$/;
const EXTENSION = /^[a-z0-9]{1,8}$/;

function stringAtoms(key: string, value: string, atoms: Set<string>) {
  const words = (value.match(WORD) ?? []).slice(0, 40);
  const first = words[0];
  if (first === undefined) {
    return;
  }
  const head = headShape(first, words.length === 1);
  if (head !== null) {
    atoms.add(`${key}^#${head}`);
  }
  const lower = words.map((w) => w.toLowerCase());
  const kind = commandKind(lower);
  if (kind !== null) {
    atoms.add(kind === 'test' ? 'tests' : `${key}@${kind}`);
  }
  if (destructiveCommand(lower)) {
    atoms.add(`${key}@destructive`);
  }
  if (printsSecrets(lower)) {
    atoms.add(`${key}@secrets`);
  }
  if (words.length > 1) {
    // the command the line runs, past a `cd /repo &&` before it
    const [head = '', second] = mainCommand(lower);
    atoms.add(`${key}^${head}`);
    if (second !== undefined) {
      atoms.add(`${key}^${head} ${second}`);
    }
    if (len(value) <= 24) {
      // its exact shape, spaces kept: `RQ 123456` is not shaped like `RQ-123456`
      atoms.add(`${key}#${runsOf(value).exact}`);
    }
  } else if (len(value) <= 24) {
    for (const shape of shapes(value)) {
      atoms.add(`${key}#${shape}`);
    }
  } else if (len(value) <= LONG_WORD) {
    // too long for a code's shape, not for a naming convention: `feat-` and any words
    for (const shape of starShapes(value)) {
      atoms.add(`${key}#${shape}`);
    }
  }
  for (const word of words) {
    if (len(word) >= 2 && len(word) <= 24 && word.startsWith('-')) {
      atoms.add(`${key}~${word}`);
    }
    const path = pathWord(word);
    if (path !== null) {
      pathAtoms(key, path, atoms);
    }
  }
  if (words.length > 1) {
    tokenAtoms(key, words, atoms);
  }
}

/** Brackets before a value's first word and punctuation after it (`[PAY-12]:`), read without. */
const HEAD_OPEN = /^[([{<#]+/;
const HEAD_CLOSE = /[,;:.!?)\]}>]+$/;
/** A first word up to the end of its first run of digits: `feature/PAY-12` of `feature/PAY-12-x`. */
const HEAD_CUT = /^[^0-9]*[0-9]+/;

/**
 * The shape a value starts with: its first word without the brackets around it or punctuation
 * after it, up to the end of its first run of digits, as its runs with letters and digits at any
 * length and other characters counted: `PAY-1234 fix rounding` and `[API-7]: fix` give
 * `A+-{1}9+`, `feature/PAY-12-add-export` gives `a+/{1}A+-{1}9+`, `fix rounding` gives `a+`; a
 * family of codes at the start of a value, where the prefix shapes keep one project's letters.
 * Null when that part is empty or longer than 32 characters, and for a value that is `alone` (one
 * word) when the part is the whole word: `ORD-1234` alone has its own shapes (`shapes`), and a
 * looser copy of them crowded out the rules of the demo's labels in a fold. A value with no start
 * shape does not start with one, so "every value started with ..." still counts a branch with no
 * key (`fix-typo`) as a break.
 */
export function headShape(word: string, alone = false): string | null {
  const bare = word.replace(HEAD_OPEN, '').replace(HEAD_CLOSE, '');
  const part = HEAD_CUT.exec(bare)?.[0] ?? bare;
  if (part === '' || len(part) > 32 || (alone && part === bare)) {
    return null;
  }
  return runsOf(part).exact.replace(/([Aa9])\{[0-9]+\}/g, '$1+');
}

/** A word of free text that is a glob: `*.log`, `tmp/*`, `*` (not `count(*)`). */
const GLOB = /^[^()=]*\*[^()=]*$/;
/**
 * Where a word of free text splits into tokens: anything but letters, digits and `_ - . :` (a `#`
 * too, which separates an argument from a value's shape in an atom).
 */
const TOKEN_SPLIT = /[^A-Za-z0-9_.:-]+/;
/** Separators a token does not end on: `ORD-123456.` is `ORD-123456`. */
const TOKEN_TAIL = /[-.:]+$/;
/** The most token shapes one free-text value gives. */
const TOKEN_SHAPES = 12;

/**
 * Patterns inside free text (a query, a shell command, a note), beside its first words, flags and
 * paths: `sql/tok:"raw_"*`, a token of the `raw_` family (`FROM raw_orders`), `text/tok:"ORD-"9{6}`,
 * a code inside a sentence, `command/tok:"--skip-"*`, a family of flags, and `command/glob:`, a
 * wildcard. The tokens are split from the words at any character but letters, digits and
 * `_ - . :`; each gives its naming conventions (`starShapes`) and a letter prefix with the
 * shape of the rest (`prefixShapes`), at most `TOKEN_SHAPES` per value.
 */
function tokenAtoms(key: string, words: string[], atoms: Set<string>) {
  let n = 0;
  for (const word of words) {
    if (GLOB.test(word)) {
      atoms.add(`${key}/glob:`);
    }
    for (const piece of word.split(TOKEN_SPLIT)) {
      const token = piece.replace(TOKEN_TAIL, '');
      if (len(token) < 3 || len(token) > LONG_WORD || !/[A-Za-z]/.test(token)) {
        continue;
      }
      for (const shape of [...prefixShapes(token), ...starShapes(token)]) {
        const atom = `${key}/tok:${shape}`;
        if (!atoms.has(atom)) {
          if (n === TOKEN_SHAPES) {
            return;
          }
          atoms.add(atom);
          n++;
        }
      }
    }
  }
}

/**
 * The path a word of free text names, or null: the word itself (letters, digits, `_ . / -`, with a
 * `/` or a `.`), or so once the value after the last `=` of `--out=build/x`, the brackets of `(src/a.py)`, trailing
 * punctuation (`src/a.py,`), a test's name (`tests/a.py::test_b`) and a line number
 * (`src/a.py:12:3`) are taken off: `src/a.py`.
 */
function pathWord(word: string): string | null {
  const path = word
    .slice(word.lastIndexOf('=') + 1)
    .replace(/^[([{<]+/, '')
    .replace(/[,;:)\]}>]+$/, '')
    .replace(/::.*$/, '')
    .replace(/(?::[0-9]+)+$/, '');
  return PATH_WORD.test(path) && (path.includes('/') || path.includes('.')) ? path : null;
}

function pathAtoms(key: string, word: string, atoms: Set<string>) {
  if (generatedPath(word.toLowerCase())) {
    atoms.add(`${key}@generated`);
  }
  if (testFile(word)) {
    atoms.add(`${key}@test-file`);
  }
  const parts = word.split('/').filter((p) => p !== '' && p !== '.' && p !== '..');
  const base = parts.pop();
  for (const dir of parts.slice(0, 6)) {
    atoms.add(`${key}/dir:${dir}`);
  }
  if (base === undefined || !/[A-Za-z]/.test(base)) {
    return;
  }
  atoms.add(`${key}/base:${base.toLowerCase()}`);
  const dot = base.lastIndexOf('.');
  const ext = dot >= 0 ? base.slice(dot + 1).toLowerCase() : '';
  if (EXTENSION.test(ext)) {
    atoms.add(`${key}/ext:${ext}`);
  }
}

/**
 * How much more general a shape is than its runs with their lengths, as a cost added to the
 * predicates asking about it: among shapes that fit the labels equally, the most specific wins
 * (`A{3}9{3}` over `[9A]{6}` over `[9Aa]{6}` over `A+9+`), the way the learner prefers the
 * narrower of two tool groups' facts only when the broader one does no better.
 */
export function shapeGenerality(shape: string): number {
  if (shape.endsWith('"*')) {
    return 0.12;
  }
  if (shape.includes('+')) {
    // letters at any length with digits counted (`a+_{1}9{8}`) say more than runs at any length
    return shape.includes('{') ? 0.05 : 0.1;
  }
  if (shape.startsWith('[')) {
    return 0.02 * (shape.match(/[9Aa](?=[^\]]*\])/g) ?? []).length;
  }
  return 0;
}

/** What a pattern inside free text (`key/tok:...`, `key/glob:`) costs beyond a whole value's shape. */
const TOKEN_COST = 0.2;

/**
 * The generality (`shapeGenerality`) of a call atom that is a value's shape (`key#A{3}9{3}`), a
 * token's inside free text with `TOKEN_COST` (`key/tok:"raw_"*`), else 0.
 */
export function atomGenerality(atom: string): number {
  const tok = atom.indexOf('/tok:');
  if (tok >= 0) {
    return TOKEN_COST + shapeGenerality(atom.slice(tok + 5));
  }
  if (atom.endsWith('/glob:')) {
    return TOKEN_COST;
  }
  const hash = atom.indexOf('#');
  return hash < 0 ? 0 : shapeGenerality(atom.slice(hash + 1));
}

/** The classes a letter-or-digit class set generalises to: itself and each larger set of A, a, 9. */
const WIDER: Record<string, string[]> = {
  '9': ['9', '9A', '9a', '9Aa'],
  A: ['A', '9A', 'Aa', '9Aa'],
  a: ['a', '9a', 'Aa', '9Aa'],
  '9A': ['9A', '9Aa'],
  '9a': ['9a', '9Aa'],
  Aa: ['Aa', '9Aa'],
  '9Aa': ['9Aa'],
};

/**
 * A whole token's shapes, most specific first: `HAT123` -> `A{3}9{3}` (runs of character
 * classes), `A+9+` (the runs, any length), `[9A]{6}` (the classes with the length), then each
 * wider set of letter and digit classes with the length (`[9Aa]{6}`), so one shape covers codes
 * that are all capitals (`ABCDEF`) and codes that mix in digits (`AB12CD`). Other characters
 * (`-`, `_`) stay in every class set. A token that opens with letters (and `-`, `_`, `.`, `:`,
 * `#`), at most 8 characters, then a digit also has its prefix kept literally (`prefixShapes`).
 */
export function shapes(value: string): string[] {
  const { exact, loose, counted, classes } = runsOf(value);
  const letters = [...classes].filter((c) => /^[Aa9]$/.test(c)).sort();
  const others = [...classes].filter((c) => !/^[Aa9]$/.test(c));
  const wider = WIDER[letters.join('')] ?? [''];
  const sets = wider.map((w) => `[${[...others, ...w].sort().join('')}]{${len(value)}}`);
  const digitsCounted = counted !== exact && counted !== loose ? [counted] : [];
  return [exact, loose, ...digitsCounted, ...sets, ...prefixShapes(value), ...starShapes(value)];
}

/** The longest one-word value whose prefixes are shapes (`starShapes`); codes' shapes stop at 24. */
const LONG_WORD = 64;
const SEPARATOR = /[-_.:/#]/g;

/**
 * A naming convention: the value up to its first, and up to its second, separator (`-`, `_`, `.`,
 * `:`, `/`, `#`) kept literally, then anything: `feat-cart-total` -> `"feat-"*`, `"feat-cart-"*`.
 * The prefix holds a letter, is at most 16 characters and is not the whole value.
 */
export function starShapes(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(SEPARATOR)) {
    const end = (m.index as number) + 1;
    const prefix = value.slice(0, end);
    if (out.length === 2 || len(prefix) > 16 || end >= value.length) {
      break;
    }
    if (end > 1 && /[A-Za-z]/.test(prefix)) {
      out.push(`"${prefix}"*`);
    }
  }
  return out;
}

const PREFIX = /^((?:[A-Za-z]+[-_.:#]+)*[A-Za-z]+[-_.:#]*)([0-9][\s\S]*)$/;

/**
 * A fixed prefix and the shape of the rest: `ORD-123456` -> `"ORD-"9{6}`, `SIM1234567890` ->
 * `"SIM"9{10}`, `gift_card_7194529` -> `"gift_card_"9{7}` (letter words and separators, at most 16
 * characters, then a digit); when the rest mixes classes, also its class set with its length
 * (`"RX"[9A]{6}`).
 */
function prefixShapes(value: string): string[] {
  const m = PREFIX.exec(value);
  const prefix = m?.[1];
  const rest = m?.[2];
  if (prefix === undefined || rest === undefined || prefix.length > 16) {
    return [];
  }
  const { exact, classes } = runsOf(rest);
  const out = [`"${prefix}"${exact}`];
  if (exact.indexOf('{') !== exact.lastIndexOf('{')) {
    out.push(`"${prefix}"[${[...classes].sort().join('')}]{${len(rest)}}`);
  }
  return out;
}

/**
 * The runs of character classes (`A{3}9{3}`), the runs at any length (`A+9+`), the runs with
 * letters at any length and digits and other characters counted (`a+_{1}9{8}`: a site code of any
 * length and eight digits) and the classes.
 */
function runsOf(value: string): {
  exact: string;
  loose: string;
  counted: string;
  classes: Set<string>;
} {
  let exact = '';
  let loose = '';
  let counted = '';
  const classes = new Set<string>();
  let run = '';
  let count = 0;
  const close = () => {
    exact += `${run}{${count}}`;
    loose += `${run}+`;
    counted += run === 'A' || run === 'a' ? `${run}+` : `${run}{${count}}`;
  };
  for (const ch of value) {
    const cls = /[A-Z]/.test(ch) ? 'A' : /[a-z]/.test(ch) ? 'a' : /[0-9]/.test(ch) ? '9' : ch;
    classes.add(cls);
    if (cls === run) {
      count++;
    } else {
      if (run !== '') {
        close();
      }
      run = cls;
      count = 1;
    }
  }
  close();
  return { exact, loose, counted, classes };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The atoms of every call of the trace, in call order (memoised on the facts). */
export function atomsOf(facts: TraceFacts): Set<string>[] {
  facts.atoms ??= facts.calls.map(callAtoms);
  return facts.atoms;
}
