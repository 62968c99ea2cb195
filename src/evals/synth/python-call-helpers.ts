// Python twins of call-atoms.ts, call-classes.ts and the value predicates of
// predicates/call-predicates.ts; the parity test runs every one against its JS twin.

import { AFFIRMATIVE_WORDS, REFUSAL_WORDS } from './message-words';

type Helper = { deps: string[]; code: string };

const words = (list: string[]) => `(${list.map((w) => JSON.stringify(w)).join(', ')})`;

export const CALL_HELPERS: Record<string, Helper> = {
  _command_kind: {
    deps: [],
    code: `COMMAND_KINDS = (
    ("test", ("pytest", "py.test", "tox", "nox", "unittest", "jest", "vitest", "mocha", "ava", "karma", "playwright test", "cypress run", "rspec", "phpunit", "ctest", "go test", "cargo test", "cargo nextest", "npm test", "npm t", "npm run test", "yarn test", "pnpm test", "pnpm run test", "bun test", "deno test", "dotnet test", "mvn test", "gradle test", "./gradlew test", "make test", "make check", "mix test", "swift test", "rake test",)),
    ("lint", ("ruff", "mypy", "flake8", "pylint", "pyright", "pyflakes", "bandit", "eslint", "biome", "tsc", "tslint", "stylelint", "oxlint", "go vet", "golangci-lint", "staticcheck", "golint", "cargo clippy", "cargo check", "cargo fmt", "rubocop", "shellcheck", "hadolint", "npm run lint", "yarn lint", "pnpm lint", "pnpm run lint", "make lint",)),
)
COMMAND_WRAPPERS = ("npx", "pnpx", "bunx", "uv run", "uvx", "poetry run", "pipenv run", "hatch run", "python -m", "python3 -m", "bundle exec", "time", "sudo",)


def _starts_with_words(words, at, phrase):
    return all(at + i < len(words) and words[at + i] == p for i, p in enumerate(phrase.split(" ")))


def _command_kind(words):
    """The kind of the commands of this line ("test", "lint"), or None (commandKind's twin)."""
    segments = [[_executable_name(w) for w in s] for s in _commands_of(words)]
    for kind, commands in COMMAND_KINDS:
        for segment in segments:
            at = _command_start(segment)
            if any(_starts_with_words(segment, at, c) for c in commands):
                return kind
    return None


def _executable_name(word):
    """A word as the program it runs: past its directories, a Python without its minor version."""
    base = word.split("/")[-1] if "/" in word else word
    name = word if base == "" else base
    return re.sub(r"\\.[0-9]+$", "", name) if re.match(r"^python[0-9]\\.[0-9]+$", name) else name


SETUP_COMMANDS = ("cd", "pushd", "source", ".", "export", "set")


def _main_command(words):
    """The words of the command a line runs, past setup commands (cd, source, ...) chained before it."""
    commands = _commands_of(words)
    if len(commands) < 2 or not commands[0] or commands[0][0] not in SETUP_COMMANDS:
        return words
    return next((c for c in commands if c and c[0] not in SETUP_COMMANDS), words)


def _commands_of(words):
    """The commands of a line: split at &&, ||, ;, | and a word ending in ;."""
    out, segment = [], []
    for word in words + [";"]:
        separator = word in ("&&", "||", ";", "|")
        if not separator:
            segment.append(word[:-1] if word.endswith(";") else word)
        if separator or word.endswith(";"):
            out.append(segment)
            segment = []
    return out


def _command_start(words):
    """Where the command starts, past environment assignments (CI=1) and wrappers."""
    at = 0
    for _ in range(4):
        w = words[at] if at < len(words) else ""
        wrapper = next((x for x in COMMAND_WRAPPERS if _starts_with_words(words, at, x)), None)
        if re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", w):
            at += 1
        elif wrapper is not None:
            at += len(wrapper.split(" "))
        else:
            break
    return at


def _has_flag(args, letter, long):
    return any(a == long or (re.match(r"^-[a-z]+$", a) and letter in a) for a in args)


def _destroys(words):
    command = words[0] if words else ""
    sub = words[1] if len(words) > 1 else ""
    args, rest = words[1:], words[2:]
    sql = any((w == "drop" and i + 1 < len(words) and words[i + 1] in ("table", "database", "schema"))
              or (w == "truncate" and i + 1 < len(words) and words[i + 1] == "table")
              for i, w in enumerate(words))
    if sql or command in ("dd", "shred", "wipefs") or command.startswith("mkfs"):
        return True
    if command == "rm":
        return _has_flag(args, "r", "--recursive")
    if command == "find":
        return "-delete" in args
    if command != "git":
        return False
    first = rest[0] if rest else None
    if sub == "reset":
        return "--hard" in rest
    if sub == "push":
        return "--force" in rest or "-f" in rest or any(a.startswith("+") for a in rest)
    if sub == "clean":
        return _has_flag(rest, "f", "--force")
    if sub == "checkout":
        return first in ("--", ".")
    if sub == "restore":
        return "--staged" not in rest
    if sub == "stash":
        return first in ("drop", "clear")
    return False


def _some_command(words, test):
    """Some command of the line (split at &&, ||, ;, |) satisfies test."""
    return any(test(s[_command_start(s):]) for s in _commands_of(words))


PRINTERS = ("cat", "head", "tail", "less", "more", "bat", "strings", "xxd", "od", "nl")
SECRET_NAME = re.compile(r"key|token|secret|passw|pwd|credential")
TEMPLATE = re.compile(r"\\.(example|sample|template|dist|defaults?)$")
SECRET_FILES = ("id_rsa", "id_ecdsa", "id_ed25519", ".netrc", ".pgpass", "credentials", ".git-credentials")


def _secret_file(word):
    base = word.split("/")[-1]
    return (((base == ".env" or base.startswith(".env.")) and not TEMPLATE.search(base))
            or re.search(r"\\.(pem|key|p12|pfx)$", base) is not None or base in SECRET_FILES)


def _prints_secrets_in(segment):
    command, args = (segment[0], segment[1:]) if segment else ("", [])
    if command in ("env", "printenv") and not args:
        return True
    if command in ("printenv", "echo", "printf"):
        return any(SECRET_NAME.search(a) and (command == "printenv" or "$" in a) for a in args)
    return command in PRINTERS and any(_secret_file(a) for a in args)


GENERATED_DIRS = ("dist", "build", "vendor", "target", "node_modules", ".venv", "venv", "site-packages", ".next", ".nuxt", "coverage", ".gradle")
LOCK_FILES = ("package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "go.sum")
GENERATED_FILE = re.compile(r"(\\.lock|\\.min\\.(js|css)|\\.js\\.map|\\.pyc|_pb2\\.py|\\.pb\\.go|\\.g\\.dart)$|[._]generated\\.")


def _generated_path(path):
    """A lower-cased path to build output, vendored code, a lock file, a minified or generated file."""
    parts = [p for p in path.split("/") if p not in ("", ".", "..")]
    base = parts.pop() if parts else ""
    return any(d in GENERATED_DIRS for d in parts) or base in LOCK_FILES or GENERATED_FILE.search(base) is not None`,
  },
  _call_atoms: {
    deps: ['_tool_failed', '_failure_kind', '_command_kind', '_result_object', '_test_tool'],
    code: `WORD = re.compile(r"[^ \\t\\n\\r'\\"]+")
PATH_WORD = re.compile(r"^[A-Za-z0-9_./-]+$")
EXTENSION = re.compile(r"^[a-z0-9]{1,8}$")
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")
ANSWER_KEY = re.compile(
    r"(?:^|_)(?:verified|approved|authori[sz]ed|allowed|valid|granted|confirmed|eligible|passed|permitted|accepted"
    r"|matched|match|found|exists|ok|success|successful)\\Z"
)


WIDER = {"9": ("9", "9A", "9a", "9Aa"), "A": ("A", "9A", "Aa", "9Aa"), "a": ("a", "9a", "Aa", "9Aa"),
         "9A": ("9A", "9Aa"), "9a": ("9a", "9Aa"), "Aa": ("Aa", "9Aa"), "9Aa": ("9Aa",)}


def _runs(value):
    """The runs of character classes, the runs at any length, the runs with letters at any length and
    the rest counted, and the classes of a token."""
    exact, loose, counted, classes, run, count = "", "", "", set(), "", 0
    for ch in value:
        if "A" <= ch <= "Z":
            cls = "A"
        elif "a" <= ch <= "z":
            cls = "a"
        elif "0" <= ch <= "9":
            cls = "9"
        else:
            cls = ch
        classes.add(cls)
        if cls == run:
            count += 1
        else:
            if run != "":
                exact += run + "{" + str(count) + "}"
                loose += run + "+"
                counted += run + ("+" if run in ("A", "a") else "{" + str(count) + "}")
            run, count = cls, 1
    exact += run + "{" + str(count) + "}"
    loose += run + "+"
    counted += run + ("+" if run in ("A", "a") else "{" + str(count) + "}")
    return exact, loose, counted, classes


HEAD_OPEN = re.compile(r"^[(\\[{<#]+")
HEAD_CLOSE = re.compile(r"[,;:.!?)\\]}>]+\\Z")
HEAD_CUT = re.compile(r"[^0-9]*[0-9]+")


def _head_shape(word, alone):
    """The shape a value starts with: its first word, bare, up to its first digits, letters and digits at any length ("A+-{1}9+"); none for a one-word value that is all of it."""
    bare = HEAD_CLOSE.sub("", HEAD_OPEN.sub("", word))
    m = HEAD_CUT.match(bare)
    part = m.group(0) if m else bare
    if part == "" or len(part) > 32 or (alone and part == bare):
        return None
    return re.sub(r"([Aa9])\\{[0-9]+\\}", r"\\1+", _runs(part)[0])


PREFIX = re.compile(r"((?:[A-Za-z]+[-_.:#]+)*[A-Za-z]+[-_.:#]*)([0-9].*)", re.DOTALL)
SEPARATOR = re.compile(r"[-_.:/#]")


def _star_shapes(value):
    """A naming convention: the value up to its first and second separator, then anything ("feat-"*)."""
    out = []
    for m in SEPARATOR.finditer(value):
        end = m.start() + 1
        prefix = value[:end]
        if len(out) == 2 or end > 16 or end >= len(value):
            break
        if end > 1 and re.search(r"[A-Za-z]", prefix):
            out.append('"' + prefix + '"*')
    return out


def _shapes(value):
    """"HAT123" -> ["A{3}9{3}", "A+9+", "A+9{3}", "[9A]{6}", "[9Aa]{6}", '"HAT"9{3}']: runs of
    character classes, the runs at any length, letters at any length with the rest counted, the
    classes with the length, each wider set of letter and digit classes, a letter prefix kept
    literally with the shape of the rest, and the value's naming convention (_star_shapes)."""
    exact, loose, counted, classes = _runs(value)
    letters = "".join(sorted(c for c in classes if c in ("A", "a", "9")))
    others = [c for c in classes if c not in ("A", "a", "9")]
    out = [exact, loose] + ([counted] if counted not in (exact, loose) else [])
    out += ["[" + "".join(sorted(others + list(w))) + "]{" + str(len(value)) + "}"
            for w in WIDER.get(letters, ("",))]
    return out + _prefix_shapes(value) + _star_shapes(value)


def _prefix_shapes(value):
    """A letter prefix kept literally with the shape of the rest ('"ORD-"9{6}'), and its class set."""
    m = PREFIX.fullmatch(value)
    if not m or len(m.group(1)) > 16:
        return []
    prefix, rest = m.group(1), m.group(2)
    rest_exact, _, _, rest_classes = _runs(rest)
    out = ['"' + prefix + '"' + rest_exact]
    if rest_exact.count("{") > 1:
        out.append('"' + prefix + '"[' + "".join(sorted(rest_classes)) + "]{" + str(len(rest)) + "}")
    return out


GLOB = re.compile(r"[^()=]*\\*[^()=]*")
TOKEN_SPLIT = re.compile(r"[^A-Za-z0-9_.:-]+")
TOKEN_TAIL = re.compile(r"[-.:]+\\Z")


def _token_atoms(key, words, atoms):
    """Patterns inside free text: a token's naming convention or prefix shape (key/tok:...), a wildcard (key/glob:)."""
    n = 0
    for word in words:
        if GLOB.fullmatch(word):
            atoms.add(key + "/glob:")
        for piece in TOKEN_SPLIT.split(word):
            token = TOKEN_TAIL.sub("", piece)
            if len(token) < 3 or len(token) > 64 or not re.search(r"[A-Za-z]", token):
                continue
            for shape in _prefix_shapes(token) + _star_shapes(token):
                atom = key + "/tok:" + shape
                if atom not in atoms:
                    if n == 12:
                        return
                    atoms.add(atom)
                    n += 1


def _path_word(word):
    """The path a word names: itself, or once a flag's '--out=', brackets, trailing punctuation, '::test' and ':12' are taken off."""
    word = word[word.rfind("=") + 1:]
    word = re.sub(r"^[(\\[{<]+", "", word)
    word = re.sub(r"[,;:)\\]}>]+\\Z", "", word)
    word = re.sub(r"::.*\\Z", "", word)
    word = re.sub(r"(?::[0-9]+)+\\Z", "", word)
    return word if PATH_WORD.match(word) and ("/" in word or "." in word) else None


def _call_atoms(c):
    """What a call's arguments and result look like: command forms, flags, paths, shapes, fields."""
    atoms = set()
    if _tool_failed(c):
        atoms.add("failed")
        kind = _failure_kind(c)
        if kind is not None:
            atoms.add("failed:" + kind)
    if _test_tool(c["name"]):
        atoms.add("tests")
    args = c["args"]
    if isinstance(args, dict):
        for key, value in args.items():
            if isinstance(value, bool):
                atoms.add(key + "=" + ("true" if value else "false"))
            elif isinstance(value, str) and len(value) <= 300:
                words = WORD.findall(value)[:40]
                if not words:
                    continue
                head = _head_shape(words[0], len(words) == 1)
                if head is not None:
                    atoms.add(key + "^#" + head)
                lower = [w.lower() for w in words]
                kind = _command_kind(lower)
                if kind is not None:
                    atoms.add("tests" if kind == "test" else key + "@" + kind)
                if _some_command(lower, _destroys):
                    atoms.add(key + "@destructive")
                if _some_command(lower, _prints_secrets_in):
                    atoms.add(key + "@secrets")
                if len(words) > 1:
                    main = _main_command(lower)
                    atoms.add(key + "^" + main[0])
                    if len(main) > 1:
                        atoms.add(key + "^" + main[0] + " " + main[1])
                    if len(value) <= 24:
                        atoms.add(key + "#" + _runs(value)[0])
                elif len(value) <= 24:
                    for shape in _shapes(value):
                        atoms.add(key + "#" + shape)
                elif len(value) <= 64:
                    for shape in _star_shapes(value):
                        atoms.add(key + "#" + shape)
                for word in words:
                    if 2 <= len(word) <= 24 and word.startswith("-"):
                        atoms.add(key + "~" + word)
                    path = _path_word(word)
                    if path is not None:
                        if _generated_path(path.lower()):
                            atoms.add(key + "@generated")
                        if _test_file(path):
                            atoms.add(key + "@test-file")
                        parts = [p for p in path.split("/") if p not in ("", ".", "..")]
                        base = parts.pop() if parts else None
                        for d in parts[:6]:
                            atoms.add(key + "/dir:" + d)
                        if base is None or not re.search(r"[A-Za-z]", base):
                            continue
                        atoms.add(key + "/base:" + base.lower())
                        dot = base.rfind(".")
                        ext = base[dot + 1:].lower() if dot >= 0 else ""
                        if EXTENSION.match(ext):
                            atoms.add(key + "/ext:" + ext)
                if len(words) > 1:
                    _token_atoms(key, words, atoms)
    if "tests" in atoms and _reports_failing_tests(c):
        atoms.add("tests:failed")
    result = _result_object(c)
    if result is not None:
        for key, value in result.items():
            if isinstance(value, bool):
                atoms.add("result." + key + "=" + ("true" if value else "false"))
                if not value and ANSWER_KEY.search(key.lower()):
                    atoms.add("answered:no")
            elif isinstance(value, (int, float)):
                atoms.add("result." + key + ("=0" if value == 0 else "!=0"))
            elif isinstance(value, str) and len(value) <= 24 and not re.search(r"[ \\t\\n\\r]", value):
                if not ISO_DATE.match(value):
                    atoms.add("result." + key + "=" + value)
    return atoms`,
  },
  _class_calls: {
    deps: ['_call_atoms'],
    code: `def _class_calls(f, tool, atom):
    """Indices of the calls of \`tool\` ("" = any tool) having \`atom\` ("" = any such call)."""
    if "atoms" not in f:
        f["atoms"] = [_call_atoms(c) for c in f["calls"]]
    return [i for i, c in enumerate(f["calls"])
            if (tool == "" or c["name"] == tool) and (atom == "" or atom in f["atoms"][i])]`,
  },
  _first_before: {
    deps: ['_class_calls'],
    code: `def _first_before(f, first, then):
    """Every call of class \`then\` came after some call of class \`first\`."""
    a, b = _class_calls(f, *first), _class_calls(f, *then)
    return not b or (bool(a) and a[0] < b[0])`,
  },
  _after_last: {
    deps: ['_class_calls'],
    code: `def _after_last(f, then, last):
    """Some call of class \`then\` came after the last call of class \`last\` (or there was none)."""
    a, b = _class_calls(f, *then), _class_calls(f, *last)
    return bool(a) and (not b or a[-1] > b[-1])`,
  },
  _repeated_call: {
    deps: ['_text', '_tool_failed'],
    code: `def _repeated_call(f, after_failure):
    """A call repeated an earlier one with the same arguments (right after it failed)."""
    seen, previous = set(), None
    for c in f["calls"]:
        key = c["name"] + "\\n" + _text(c["args"])
        if (previous is not None and previous[0] == key and previous[1]) if after_failure else key in seen:
            return True
        seen.add(key)
        previous = (key, _tool_failed(c))
    return False`,
  },
  _unsuccessful: {
    deps: [],
    code: `UNSUCCESSFUL = ("failed", "tests:failed", "result.exit_code!=0", "result.exitCode!=0", "result.returncode!=0", "result.ok=false", "result.success=false")


def _unsuccessful(atoms):
    """The call's atoms say it did not succeed: an error, a result reporting a failed run, failing tests."""
    return any(u in atoms for u in UNSUCCESSFUL)`,
  },
  _succeeded: {
    deps: ['_unsuccessful'],
    code: `def _succeeded(atoms):
    """The call did what it was asked: it did not fail, and its result did not answer no (verified: false)."""
    return not _unsuccessful(atoms) and "answered:no" not in atoms`,
  },
  _gated: {
    deps: ['_call_atoms', '_succeeded'],
    code: `def _gated(f, tool, atom, tools):
    """Every call of a tool in \`tools\` came after a call of the gate class that succeeded (no failure, no "no" answer)."""
    if "atoms" not in f:
        f["atoms"] = [_call_atoms(c) for c in f["calls"]]
    opened = False
    for i, c in enumerate(f["calls"]):
        atoms = f["atoms"][i]
        if not opened and c["name"] in tools:
            return False
        if (not opened and (tool == "" or c["name"] == tool) and (atom == "" or atom in atoms)
                and _succeeded(atoms)):
            opened = True
    return True`,
  },
  _matched_before: {
    deps: ['_call_atoms', '_succeeded', '_result_objects'],
    code: `def _scalar(record, key):
    """A top-level string or number (not a boolean) under \`key\`, else None."""
    if not isinstance(record, dict):
        return None
    v = record.get(key)
    if isinstance(v, str) and v != "":
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) <= 2 ** 53:
        return v
    return None


def _matched_before(f, gate, source, gate_key, tool, key):
    """Every \`tool\` call's \`key\` was the \`gate_key\` of an earlier \`gate\` call that succeeded."""
    if "atoms" not in f:
        f["atoms"] = [_call_atoms(c) for c in f["calls"]]
    results = _result_objects(f) if source == "result" else None
    seen = set()
    for i, c in enumerate(f["calls"]):
        if c["name"] == tool:
            v = _scalar(c["args"], key)
            if v is not None and v not in seen:
                return False
        atoms = f["atoms"][i]
        if c["name"] == gate and _succeeded(atoms):
            v = _scalar(results[i] if results is not None else c["args"], gate_key)
            if v is not None:
                seen.add(v)
    return True`,
  },
  _last_ok: {
    deps: ['_class_calls', '_unsuccessful'],
    code: `def _last_ok(f, tool, atom):
    """The class had calls and the last of them succeeded."""
    calls = _class_calls(f, tool, atom)
    return bool(calls) and not _unsuccessful(f["atoms"][calls[-1]])`,
  },
  _retried_unchanged: {
    deps: ['_text', '_call_atoms', '_in_group', '_unsuccessful'],
    code: `def _retried_unchanged(f):
    """A failed call (error or non-zero exit code) made again with the same arguments before any write-like call."""
    pending = set()
    for c in f["calls"]:
        key = c["name"] + "\\n" + _text(c["args"])
        if key in pending:
            return True
        if _in_group(c["name"], "write", ""):
            pending = set()
        if _unsuccessful(_call_atoms(c)):
            pending.add(key)
    return False`,
  },
  _agrees: {
    deps: ['_tokens'],
    code: `AFFIRMATIVE_WORDS = ${words(AFFIRMATIVE_WORDS)}
REFUSAL_WORDS = ${words(REFUSAL_WORDS)}


def _agrees(text):
    """The message agrees: an agreeing word and no refusing one."""
    tokens = _tokens(text)
    return any(w in tokens for w in AFFIRMATIVE_WORDS) and not any(w in tokens for w in REFUSAL_WORDS)`,
  },
  _asked_first: {
    deps: ['_in_group', '_tool_failed', '_agrees'],
    code: `def _asked_first(f, group, affirmed=False):
    """Every call in \`group\` came after an assistant question and a user reply since the previous one (a failed call keeps the reply);
    \`affirmed\`: the latest reply said yes (an agreeing word, no refusing one)."""
    asked = answered = False
    seen = {}
    for kind, text in f["events"]:
        nth = seen.get(text, 0) if kind == "call" else 0
        if kind == "call":
            seen[text] = nth + 1
        if kind == "assistant" and re.search(r"\\?\\s*$", text):
            asked, answered = True, False
        elif kind == "user" and asked and text.strip() != "":
            answered = not affirmed or _agrees(text)
        elif kind == "call" and _in_group(text, *group):
            if not answered:
                return False
            same = [c for c in f["calls"] if c["name"] == text]
            if nth < len(same) and _tool_failed(same[nth]):
                continue
            asked = answered = False
    return True`,
  },
  _replied_before_first: {
    deps: ['_in_group', '_agrees'],
    code: `def _replied_before_first(f, group, affirmed=False):
    """Before the group's first call the user replied to the assistant (\`affirmed\`: a reply that agreed)."""
    spoke = False
    for kind, text in f["events"]:
        if kind == "call" and _in_group(text, *group):
            return False
        if kind == "assistant" and text.strip() != "":
            spoke = True
        elif kind == "user" and spoke and text.strip() != "":
            if not affirmed or _agrees(text):
                return True
    return True`,
  },
  _amounts_grounded: {
    deps: ['_unbacked_amount'],
    code: `def _amounts_grounded(f, instructions=False):
    """Every dollar amount the assistant stated appears as a number in a tool result or the user's words
    (or, with \`instructions\`, the system messages)."""
    return _unbacked_amount(f, instructions) is None`,
  },
  _unbacked_amount: {
    deps: [],
    code: `def _unbacked_amount(f, instructions):
    """The first dollar amount the assistant stated that no given text holds, as written, or None."""
    sources = ("tool", "user", "system") if instructions else ("tool", "user")
    known = {float(n) for source in sources
             for n in re.findall(r"[0-9]+(?:\\.[0-9]+)?", f["text"][source])}
    for m in re.finditer(r"\\$\\s?([0-9][0-9,]*(?:\\.[0-9]+)?)", f["text"]["assistant"]):
        if float(m.group(1).replace(",", "")) not in known:
            return m.group(0)
    return None`,
  },
  _arg_value: {
    deps: [],
    code: `def _arg_value(c, key):
    """The call's string argument \`key\` when it has 3 characters or more, else None."""
    args = c["args"]
    value = args.get(key) if isinstance(args, dict) else None
    return value if isinstance(value, str) and len(value) >= 3 else None`,
  },
  _result_object: {
    deps: [],
    code: `def _no_constant(_):
    raise ValueError("not JSON")


def _result_object(c):
    """The call's result parsed as a JSON object (NaN and Infinity refused), or None."""
    if not c["result"].startswith("{"):
        return None
    try:
        r = json.loads(c["result"], parse_constant=_no_constant)
    except ValueError:
        return None
    return r if isinstance(r, dict) else None`,
  },
  _result_objects: {
    deps: ['_result_object'],
    code: `def _result_objects(f):
    """Each call's result parsed as a JSON object, or None."""
    if "result_objects" not in f:
        f["result_objects"] = [_result_object(c) for c in f["calls"]]
    return f["result_objects"]`,
  },
  _field_matches: {
    deps: ['_result_objects'],
    code: `def _field_matches(f, tool, key, join):
    """Every \`tool\` call's \`key\` equals the \`key\` of the latest earlier result whose \`join\` is the call's \`join\`."""
    results = _result_objects(f)
    for k, c in enumerate(f["calls"]):
        args = c["args"] if c["name"] == tool and isinstance(c["args"], dict) else {}
        value, ident = args.get(key), args.get(join)
        if not isinstance(value, str) or not isinstance(ident, str):
            continue
        found = None
        for r in reversed(results[:k]):
            if r is not None and r.get(join) == ident and isinstance(r.get(key), str):
                found = r[key]
                break
        if found != value:
            return False
    return True`,
  },
  _echoed: {
    deps: ['_arg_value', '_text'],
    code: `def _echoed(f, tool, key, source):
    """Every \`tool\` call's \`key\` appeared before in a result (source "seen": or in a call's arguments)."""
    before = ""
    for c in f["calls"]:
        value = _arg_value(c, key) if c["name"] == tool else None
        if value is not None and value not in before:
            return False
        before += "\\n" + c["result"]
        if source == "seen":
            before += "\\n" + _text(c["args"])
    return True`,
  },
  _mentioned: {
    deps: ['_arg_value'],
    code: `def _mentioned(f, tool, key, source):
    """Some \`tool\` call's \`key\` value appears in the assistant's text (source "last": the last message)."""
    text = f["text"]["last" if source == "last" else "assistant"]
    return any(value is not None and value in text
               for value in (_arg_value(c, key) for c in f["calls"] if c["name"] == tool))`,
  },
};
