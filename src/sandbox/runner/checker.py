# iofold sandbox: the static check of eval code, an allowlist walk over Python's own ast.
# It runs in the check-only process (where no eval code ever runs) and again in a worker just
# before compiling, as a guard. Every refusal is reported with its line and column.
import ast
import contextlib
import functools
import importlib.util
import math
import string
import sys
import types

USER_FILE = "<eval>"
ALLOWED_IMPORTS = frozenset(
    "json re typing math collections collections.abc itertools functools datetime string difflib "
    "statistics dataclasses enum decimal fractions textwrap unicodedata operator copy heapq bisect "
    "random".split()
)
# The model bridge (jail.py): the only names evals get beyond the standard builtins.
BRIDGE_NAMES = ("judge", "ask")
FORBIDDEN_NAMES = frozenset(
    "eval exec compile open getattr setattr delattr globals locals vars breakpoint input memoryview "
    "help exit quit".split()
)
# Attributes that reach frames, code objects, class graphs or code evaluation (and anything "_x").
FORBIDDEN_ATTRS = frozenset(
    "f_back f_builtins f_code f_globals f_locals f_lasti f_lineno f_trace f_trace_lines "
    "f_trace_opcodes f_generator mro attrgetter methodcaller Formatter get_type_hints ForwardRef "
    "evaluate_forward_ref evaluate get_field cell_contents make_dataclass".split()
)
# Methods that read attributes named inside a string: never reachable as a value.
FORMAT_ATTRS = frozenset(["format", "format_map"])
# Builtin types whose class pattern matches the subject itself (`case str(s)`): no attribute read.
MATCH_SELF_TYPES = frozenset("bool bytearray bytes dict float frozenset int list set str tuple".split())
PATTERN_RULE = (
    "positional sub-patterns are allowed only on bool, bytearray, bytes, dict, float, frozenset, int, "
    "list, set, str, tuple or a class this eval defines once (bases: its own such classes or object; "
    "decorator: only dataclass; __match_args__ a literal tuple); use keyword sub-patterns (case C(x=v))"
)
FORBIDDEN_ATTR_PREFIXES = ("_", "gi_", "cr_", "ag_", "tb_", "co_")
# Special methods a class in an eval may define; hooks into class creation, finalisers and
# attribute machinery are not on the list.
DUNDER_METHODS = frozenset(
    "init post_init new repr str bytes format hash bool len iter next reversed contains getitem "
    "setitem delitem missing call enter exit eq ne lt le gt ge add radd iadd sub rsub isub mul "
    "rmul imul matmul truediv rtruediv itruediv floordiv rfloordiv ifloordiv mod rmod imod pow "
    "rpow ipow neg pos abs invert and rand iand or ror ior xor rxor ixor lshift rshift int float "
    "complex index round trunc floor ceil".split()
)
DUNDER_NAMES = frozenset(["__name__"])
DUNDER_ATTRS = frozenset(["__name__"])  # read only: `type(e).__name__` is a string
DUNDER_STRINGS = frozenset(["__main__"])  # `if __name__ == "__main__":` in generated code
CLASS_KEYWORDS = frozenset(["total"])
GUARDS = {
    "set": "__iofold_setattr__",
    "del": "__iofold_delattr__",
    "aug": "__iofold_augattr__",
    "tmp": "__iofold_tmp__",
}
MAX_ISSUES = 100
# An integer power is computed in C with no check of the time limit (`2 ** 10 ** 9` ran until its
# trace's TIMEOUT): a power of constants past this many bits, or with a constant exponent past it,
# is refused at check time. 2 ** 1_000_000 takes about a millisecond.
MAX_POWER_BITS = 1_000_000
# Syntax nodes in one eval: the check's time grows with them (about 30,000 a second in Pyodide), so
# a fixed bound gives the same verdict under any load where a clock would not.
MAX_NODES = 50_000
WALK_RECURSION_LIMIT = 20_000


def _node_types(names):
    return frozenset(getattr(ast, n) for n in names.split() if hasattr(ast, n))


def _subclasses(*bases):
    return frozenset(c for b in bases for c in b.__subclasses__())


ALLOWED_NODES = (
    _node_types(
        "Module Expr Assign AugAssign AnnAssign Return If For While Break Continue Pass FunctionDef "
        "ClassDef Import ImportFrom Try TryStar Raise Assert With Delete Global Nonlocal Match "
        "BoolOp BinOp UnaryOp Lambda IfExp Dict Set ListComp SetComp DictComp GeneratorExp Compare "
        "Call FormattedValue JoinedStr Constant Attribute Subscript Starred Name List Tuple Slice "
        "NamedExpr Yield YieldFrom alias arguments arg keyword comprehension ExceptHandler withitem "
        "match_case MatchValue MatchSingleton MatchSequence MatchMapping MatchClass MatchStar "
        "MatchAs MatchOr"
    )
    | _subclasses(ast.operator, ast.boolop, ast.cmpop, ast.unaryop, ast.expr_context)
)


def _constant_int(node, depth=0):
    """The value of a small integer expression of literals (`10 ** 9`, `-(2 * 3)`), else None."""
    if depth > 20:
        return None
    if isinstance(node, ast.Constant):
        return node.value if type(node.value) is int else None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _constant_int(node.operand, depth + 1)
        return None if v is None else (-v if isinstance(node.op, ast.USub) else v)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Pow)):
        a, b = _constant_int(node.left, depth + 1), _constant_int(node.right, depth + 1)
        if a is None or b is None or max(a.bit_length(), b.bit_length()) > MAX_POWER_BITS:
            return None
        if isinstance(node.op, ast.Pow):
            return a**b if 0 <= b and _power_bits(a, b) <= MAX_POWER_BITS else None
        return a + b if isinstance(node.op, ast.Add) else a - b if isinstance(node.op, ast.Sub) else a * b
    return None


def _power_bits(base, exponent):
    """About how many bits base ** exponent has (ints; 0 when it stays small)."""
    return 0 if exponent <= 0 or abs(base) <= 1 else int(exponent * math.log2(abs(base))) + 1


def _power_too_large(base, exponent):
    """The refusal of `base ** exponent` (ast nodes) when it is past MAX_POWER_BITS, else None."""
    e = _constant_int(exponent)
    if e is None:
        return None
    b = _constant_int(base)
    if b is None:
        if e <= MAX_POWER_BITS:
            return None
        return f"a constant exponent over {MAX_POWER_BITS:,} is not allowed: the power would run in C past any time limit"
    bits = _power_bits(b, e)
    if bits <= MAX_POWER_BITS:
        return None
    return f"this power of constants would have about {bits:,} bits (at most {MAX_POWER_BITS:,}): it would run in C past any time limit"


def _issue(code, message, node=None, line=1, col=0):
    if node is not None:
        line, col = getattr(node, "lineno", 1), getattr(node, "col_offset", 0)
    return {"code": code, "message": message, "line": line, "column": col + 1}


@functools.cache
def _names_module(module, name):
    """True when `from module import name` would name a module: a submodule (loaded or not; `from
    json import decoder` would bind the real json.decoder, never a view) or a module the module
    itself imported (`from typing import sys`). Views leave both out, so both are refused here."""
    if isinstance(getattr(importlib.import_module(module), name, None), types.ModuleType):
        return True
    try:
        return importlib.util.find_spec(f"{module}.{name}") is not None
    except (ImportError, ValueError):
        return False  # module is not a package: name can only be one of its attributes


def _dunder(name):
    return name.startswith("__") and name.endswith("__") and len(name) > 4


def _plain_format(text):
    """True when a literal format string only names positional or keyword fields (no attributes or
    indexes), its nested specs included."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return False
    for _literal, field, spec, _conversion in parsed:
        if field is not None and not (field == "" or field.isdigit() or field.isidentifier()):
            return False
        if field is not None and field.startswith("_"):
            return False
        if spec and ("{" in spec) and not _plain_format(spec):
            return False
    return True


def _bound_names(tree):
    """How often each name is bound anywhere in the source, how it is imported, and the classes it
    defines by name (one walk of the tree: walking it is most of the check's time in Pyodide)."""
    counts, imported, classes = {}, {}, {}

    def bind(name, source=None):
        counts[name] = counts.get(name, 0) + 1
        if source:
            imported[name] = source

    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bind(node.id)
        elif isinstance(node, ast.arg):
            bind(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bind(node.name)
            if isinstance(node, ast.ClassDef):
                classes[node.name] = node
        elif isinstance(node, ast.Import):
            for a in node.names:
                bind(a.asname or a.name.partition(".")[0], a.name if not a.asname and "." not in a.name else None)
        elif isinstance(node, ast.ImportFrom):
            for a in node.names:
                bind(a.asname or a.name, f"{node.module}.{a.name}" if not a.asname else None)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for n in node.names:
                bind(n)
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            bind(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            bind(node.rest)
    return counts, imported, classes


def _literal_match_args(stmt):
    """The names of `__match_args__ = ("a", "b")` in a class body, or None when stmt is not that."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
        return None
    if stmt.targets[0].id != "__match_args__" or not isinstance(stmt.value, ast.Tuple):
        return None
    names = [e.value for e in stmt.value.elts if isinstance(e, ast.Constant) and type(e.value) is str]
    return names if len(names) == len(stmt.value.elts) and all(map(_plain_attribute, names)) else None


def _plain_attribute(name):
    """A name an attribute may be read by at run time: an identifier the check allows as `obj.name`."""
    return (
        name.isidentifier()
        and not name.startswith(FORBIDDEN_ATTR_PREFIXES)
        and name not in FORBIDDEN_ATTRS
        and name not in FORMAT_ATTRS
    )


class _Checker(ast.NodeVisitor):
    def __init__(self, tree):
        self.issues = []
        self.stores_attributes = False
        self.imports = set()
        self.bridge = set()
        self._class_depth = 0
        self._direct_targets = set()
        self._type_calls = set()
        self._match_args = set()
        self._bound, self._imported, self._classes = _bound_names(tree)

    def _once(self, name, source=None):
        return self._bound.get(name, 0) == 1 and (source is None or self._imported.get(name) == source)

    def _dataclass_decorator(self, d):
        target = d.func if isinstance(d, ast.Call) else d
        if isinstance(d, ast.Call) and (d.args or not all(isinstance(k.value, ast.Constant) and k.arg for k in d.keywords)):
            return False
        if isinstance(target, ast.Name):
            return target.id == "dataclass" and self._once("dataclass", "dataclasses.dataclass")
        return (
            isinstance(target, ast.Attribute)
            and target.attr == "dataclass"
            and isinstance(target.value, ast.Name)
            and target.value.id == "dataclasses"
            and self._once("dataclasses", "dataclasses")
        )

    def _own_class(self, name, seen=()):
        """A class defined once by this eval, whose positional pattern reads only names written in
        its source (dataclass fields, a literal __match_args__) and whose isinstance is plain."""
        node = self._classes.get(name)
        if node is None or not self._once(name) or name in seen or node.keywords:
            return False
        for b in node.bases:
            if not (isinstance(b, ast.Name) and ((b.id == "object" and b.id not in self._bound) or self._own_class(b.id, (*seen, name)))):
                return False
        if not all(self._dataclass_decorator(d) for d in node.decorator_list):
            return False
        for stmt in node.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and not _plain_attribute(stmt.target.id):
                return False
        return True

    def _positional_pattern_ok(self, cls):
        if not isinstance(cls, ast.Name):
            return False
        if cls.id in MATCH_SELF_TYPES:
            return cls.id not in self._bound
        return self._own_class(cls.id)

    def add(self, code, message, node):
        self.issues.append(_issue(code, message, node))

    def visit(self, node):
        if type(node) not in ALLOWED_NODES:
            what = type(node).__name__
            self.add("FORBIDDEN_SYNTAX", f"'{what}' is not allowed in evals (no async, type statements or template strings)", node)
            return
        super().visit(node)

    def name(self, node, ident, what):
        if ident in FORBIDDEN_NAMES:
            self.add("FORBIDDEN_NAME", f"{what} '{ident}' is not allowed", node)
        elif ident.startswith("__") and ident not in DUNDER_NAMES:
            self.add("FORBIDDEN_NAME", f"{what} '{ident}' is not allowed (names starting with '__')", node)

    def attr(self, node, attr, load=False):
        if load and attr in DUNDER_ATTRS:
            return
        if attr.startswith(FORBIDDEN_ATTR_PREFIXES) or attr in FORBIDDEN_ATTRS:
            self.add("FORBIDDEN_ATTRIBUTE", f"attribute '{attr}' is not allowed", node)

    def visit_Name(self, node):
        if node.id in BRIDGE_NAMES and isinstance(node.ctx, ast.Load):
            self.bridge.add(node.id)
        if node.id in DUNDER_NAMES and not isinstance(node.ctx, ast.Load):
            self.add("FORBIDDEN_NAME", f"assigning '{node.id}' is not allowed", node)
        if node.id == "type" and id(node) not in self._type_calls:
            self.add("FORBIDDEN_NAME", "'type' is allowed only as type(x) with one argument", node)
        if id(node) in self._match_args:
            return
        self.name(node, node.id, "name")

    def visit_Attribute(self, node):
        self.attr(node, node.attr, load=isinstance(node.ctx, ast.Load))
        if node.attr in ("format", "format_map"):
            literal = isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
            if not (literal and _plain_format(node.value.value)):
                self.add("FORBIDDEN_FORMAT", f"'.{node.attr}' is allowed only on a literal format string with plain fields; use an f-string", node)
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            self.stores_attributes = True
            if id(node) not in self._direct_targets:
                self.add("FORBIDDEN_SYNTAX", "assign or delete an attribute only in a plain statement (obj.x = value)", node)
        self.generic_visit(node)

    def _targets(self, targets):
        for t in targets:
            if isinstance(t, ast.Attribute):
                self._direct_targets.add(id(t))

    def visit_Assign(self, node):
        self._targets(node.targets)
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        self._targets([node.target])
        self.generic_visit(node)

    def visit_Delete(self, node):
        self._targets(node.targets)
        self.generic_visit(node)

    def visit_Constant(self, node):
        v = node.value
        if isinstance(v, str) and "__" in v:
            if any(_dunder(w) and w not in DUNDER_STRINGS for w in v.replace(".", " ").replace("{", " ").replace("}", " ").split()):
                self.add("FORBIDDEN_STRING", "strings naming dunder attributes are not allowed", node)

    def visit_Import(self, node):
        for alias in node.names:
            self.imports.add(alias.name.partition(".")[0])
            if alias.name not in ALLOWED_IMPORTS:
                self.add("FORBIDDEN_IMPORT", f"import of '{alias.name}' is not allowed", node)
            if alias.asname:
                self.name(node, alias.asname, "name")

    def visit_ImportFrom(self, node):
        mod = node.module or ""
        self.imports.add(mod.partition(".")[0])
        if node.level or mod not in ALLOWED_IMPORTS:
            self.add("FORBIDDEN_IMPORT", f"import from '{'.' * node.level}{mod}' is not allowed", node)
            return
        for alias in node.names:
            if alias.name == "*" or alias.name.startswith("_") or alias.name in FORBIDDEN_ATTRS:
                self.add("FORBIDDEN_IMPORT", f"import of '{alias.name}' from '{mod}' is not allowed", node)
            elif f"{mod}.{alias.name}" not in ALLOWED_IMPORTS and _names_module(mod, alias.name):
                self.add("FORBIDDEN_IMPORT", f"import of module '{alias.name}' from '{mod}' is not allowed", node)
            if alias.asname:
                self.name(node, alias.asname, "name")

    def visit_FunctionDef(self, node):
        if _dunder(node.name):
            if self._class_depth == 0 or node.name[2:-2] not in DUNDER_METHODS:
                self.add("FORBIDDEN_NAME", f"special method '{node.name}' is not allowed", node)
        else:
            self.name(node, node.name, "function")
        depth, self._class_depth = self._class_depth, 0
        self.generic_visit(node)
        self._class_depth = depth

    def visit_Lambda(self, node):
        depth, self._class_depth = self._class_depth, 0
        self.generic_visit(node)
        self._class_depth = depth

    def visit_ClassDef(self, node):
        self.name(node, node.name, "class")
        for kw in node.keywords:
            if kw.arg not in CLASS_KEYWORDS:
                self.add("FORBIDDEN_SYNTAX", f"class keyword '{kw.arg or '**'}' is not allowed (no metaclasses)", kw)
        if getattr(node, "type_params", None):
            self.add("FORBIDDEN_SYNTAX", "type parameters are not allowed", node)
        for child in node.bases + [k.value for k in node.keywords] + node.decorator_list:
            self.visit(child)
        self._class_depth += 1
        for stmt in node.body:
            if _literal_match_args(stmt) is not None:
                self._match_args.add(id(stmt.targets[0]))
            self.visit(stmt)
        self._class_depth -= 1

    def visit_arg(self, node):
        self.name(node, node.arg, "parameter")
        self.generic_visit(node)

    def visit_keyword(self, node):
        if node.arg is not None:
            self.name(node, node.arg, "keyword")
        self.generic_visit(node)

    def visit_Global(self, node):
        for n in node.names:
            self.name(node, n, "name")

    visit_Nonlocal = visit_Global

    def visit_ExceptHandler(self, node):
        if node.name:
            self.name(node, node.name, "name")
        self.generic_visit(node)

    def visit_MatchAs(self, node):
        if node.name:
            self.name(node, node.name, "name")
        self.generic_visit(node)

    def visit_MatchStar(self, node):
        if node.name:
            self.name(node, node.name, "name")

    def visit_MatchMapping(self, node):
        if node.rest:
            self.name(node, node.rest, "name")
        self.generic_visit(node)

    def visit_MatchClass(self, node):
        for kw in node.kwd_attrs:
            if kw in FORMAT_ATTRS:
                self.add("FORBIDDEN_ATTRIBUTE", f"class-pattern keyword '{kw}' is not allowed", node)
            else:
                self.attr(node, kw)
        if node.patterns and not self._positional_pattern_ok(node.cls):
            self.add("FORBIDDEN_PATTERN", PATTERN_RULE, node)
        self.generic_visit(node)

    def visit_BinOp(self, node):
        too_large = _power_too_large(node.left, node.right) if isinstance(node.op, ast.Pow) else None
        if too_large:
            self.add("POWER_TOO_LARGE", too_large, node)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        too_large = _power_too_large(node.target, node.value) if isinstance(node.op, ast.Pow) else None
        if too_large:
            self.add("POWER_TOO_LARGE", too_large, node)
        self._targets([node.target])
        self.generic_visit(node)

    def visit_Call(self, node):
        if isinstance(node.func, ast.Name) and node.func.id == "pow" and len(node.args) == 2 and not node.keywords:
            too_large = _power_too_large(*node.args)
            if too_large:
                self.add("POWER_TOO_LARGE", too_large, node)
        if isinstance(node.func, ast.Name) and node.func.id == "type":
            if len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
                self.add("FORBIDDEN_SYNTAX", "type() takes one argument in evals (no classes built from dicts)", node)
            self._type_calls.add(id(node.func))
        self.generic_visit(node)

    def visit_comprehension(self, node):
        if node.is_async:
            self.add("FORBIDDEN_SYNTAX", "async comprehensions are not allowed", node.target)
        self.generic_visit(node)


def _eval_functions(tree, issues):
    evals = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name.startswith("eval_")]
    names = [n.name for n in evals]
    if not evals:
        issues.append(_issue("MISSING_EVAL_FUNCTION", "define exactly one top-level function named eval_<name>(trace)"))
    for i, fn in enumerate(evals):
        if i > 0:
            what = "duplicate definition of" if fn.name in names[:i] else "second eval function"
            issues.append(_issue("DUPLICATE_EVAL_FUNCTION", f"{what} '{fn.name}' (exactly one eval_* function is allowed)", fn))
        a = fn.args
        if isinstance(fn, ast.AsyncFunctionDef) or len(a.posonlyargs) + len(a.args) != 1 or a.vararg or a.kwarg or a.kwonlyargs:
            issues.append(_issue("BAD_SIGNATURE", f"'{fn.name}' must be a plain function taking one argument: def {fn.name}(trace)", fn))
        for deco in fn.decorator_list:
            issues.append(_issue("BAD_SIGNATURE", f"'{fn.name}' must be a plain def: no decorator (what runs is the def itself)", deco))
    if evals:
        issues.extend(_rebindings(tree, evals[0].name, {id(e) for e in evals}))
    return names[0] if names else None


def _names_bound_by(node):
    """The names a node binds or unbinds in the scope it is in (or declares global there)."""
    if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
        return (node.id,)
    if isinstance(node, ast.alias):
        return (node.asname or node.name.split(".")[0],)
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        return tuple(node.names)
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return (node.name,)
    if isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)):
        return (node.name,) if node.name else ()
    if isinstance(node, ast.MatchMapping):
        return (node.rest,) if node.rest else ()
    return ()


def _rebindings(tree, name, defs):
    """Every other place that binds the eval function's name, anywhere in the code (probes3 F10:
    `from json import dumps as eval_p`, or `global eval_p` in a helper, made the runtime call
    something else than the def the check read). The name names the def and nothing else; a
    second top-level def of it is reported as such already."""
    what = f"'{name}' is bound again here: the eval function's name may only name its def"
    return [_issue("DUPLICATE_EVAL_FUNCTION", what, n) for n in ast.walk(tree) if id(n) not in defs and name in _names_bound_by(n)]


def _node_past(tree, limit):
    """The node at which the count of the tree's nodes passes limit, or None (a loop, no recursion)."""
    stack, seen, located = [tree], 0, tree
    while stack:
        node = stack.pop()
        located = node if hasattr(node, "lineno") else located
        seen += 1
        if seen > limit:
            return located
        stack.extend(ast.iter_child_nodes(node))
    return None


@contextlib.contextmanager
def deep_python():
    """Room for the walks over a tree (Python frames, which take no C stack): every tree the
    parser accepts within the bounds of src/sandbox/code-shape.ts (1,000 `elif`s, 100 indented
    blocks, expressions 200 deep) is walked whole; the limit before is restored after."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(max(before, WALK_RECURSION_LIMIT))
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def static_check(code):
    """Returns (tree, function name, issues, checker). Compiles too (never runs): the compiler
    finds errors the parser does not (`return` outside a function, bad `nonlocal`). A UTF-8 byte
    order mark before the code is left out, as Python does when it reads a file."""
    code = code.removeprefix("\ufeff")
    try:
        tree = ast.parse(code, USER_FILE)
        too_many = _node_past(tree, MAX_NODES)
        if too_many is not None:
            message = f"the code has more than {MAX_NODES:,} syntax nodes: make it smaller"
            return None, None, [_issue("TOO_COMPLEX", message, too_many)], None
        compile(tree, USER_FILE, "exec", dont_inherit=True)
    except SyntaxError as e:
        msg = f"{type(e).__name__}: {e.msg}"
        return None, None, [_issue("SYNTAX_ERROR", msg, line=e.lineno or 1, col=(e.offset or 1) - 1)], None
    except (RecursionError, MemoryError, ValueError) as e:
        return None, None, [_issue("SYNTAX_ERROR", f"the code cannot be parsed: {type(e).__name__}")], None
    checker = _Checker(tree)
    try:
        with deep_python():
            checker.visit(tree)
    except RecursionError:
        checker.issues.append(_issue("SYNTAX_ERROR", "the code is nested too deeply"))
    issues = checker.issues
    name = _eval_functions(tree, issues)
    issues.sort(key=lambda x: (x["line"], x["column"]))
    return tree, name, issues[:MAX_ISSUES], checker
