# iofold sandbox: the only Python code on the stack below eval code. It is executed into its own
# small namespace (never a module): its globals are the names given to it below plus the eval's
# restricted builtins, so a frame or function of it leads nowhere. JavaScript calls run_module,
# run_trace (then describe_raised, if it raised) and release directly, so no runtime frame is
# ever below eval code. It touches eval
# objects and hands the runtime plain data only (exact str, int, float, bool, tuples of them).
# Given by the runtime: S (per-batch state), perf_counter, gc_enable, gc_disable, gc_collect,
# FunctionType, ModuleType, real_setattr, real_delattr, real_getattr, update_wrapper,
# WRAPPER_ASSIGNMENTS, WRAPPER_UPDATES, INPLACE, output_written (set by the child),
# abc_register, abc_init, dataclass, enum_create, real_type, WRAPPABLE, KEYWORDS, get_field, question_id,
# abstractmethod, total_ordering, class_annotations.

IMMUTABLE = 1 << 8
HEAPTYPE = 1 << 9
USER_FILE = "<eval>"
JAIL_FILE = "/lib/iofold/jail.py"
EVAL_MODULE = "iofold_eval"


def exact_str(value, fallback="?"):
    try:
        return "".join([value]) if isinstance(value, str) else fallback
    except BaseException:  # noqa: BLE001
        return fallback


class CappedWriter:
    def __init__(self, cap):
        self.cap, self.parts, self.size, self.dropped, self.told = cap, [], 0, 0, False

    def write(self, s):
        s = exact_str(s, "") if type(s) is not str else s
        room = self.cap - self.size
        if room > 0:
            self.parts.append(s[:room])
            self.size += min(len(s), room)
        self.dropped += max(0, len(s) - max(room, 0))
        if not self.told and self.cap:
            # the first write since the text was last read: if the trace runs on, JavaScript
            # reads it (output_so_far) for the host, which keeps it for a TIMEOUT
            self.told = True
            output_written()
        return len(s)

    def flush(self):
        pass

    def text(self):
        self.told = False
        t = "".join(self.parts)
        return t + (f"\n[output truncated: {self.dropped} more characters]" if self.dropped else "")


class ReadOnlyModule(ModuleType):
    """What an eval imports: a module view whose attributes cannot be set or deleted. Only the
    runtime makes them (views.make_views, through ModuleType.__new__): `type(json)("os")` in an
    eval raised nothing and made an empty read-only module (probes); calling the class now refuses."""

    def __new__(cls, *args, **kwargs):
        raise TypeError("evals may not make module views")

    def __setattr__(self, name, value):
        raise AttributeError(f"module '{self.__name__}' is read-only in evals")

    def __delattr__(self, name):
        raise AttributeError(f"module '{self.__name__}' is read-only in evals")


def owned(obj):
    """True for objects the eval created: its functions, its classes and their instances."""
    if type(obj) is FunctionType:
        return obj.__code__.co_filename == USER_FILE
    cls = obj if isinstance(obj, type) else type(obj)
    flags = cls.__flags__
    return bool(flags & HEAPTYPE) and not flags & IMMUTABLE and cls.__module__ == EVAL_MODULE


def refuse(obj, name):
    if isinstance(obj, type):
        what = f"class '{exact_str(obj.__name__)}'"
    elif isinstance(obj, ModuleType):
        what = f"module '{exact_str(obj.__name__)}'"
    else:
        what = f"a {exact_str(type(obj).__name__)} object"
    raise AttributeError(f"cannot change attribute '{name}' of {what}: evals may change only objects they created")


# The decimal context of the running trace: a new one before every trace and batch (runtime.py).
CONTEXT_FIELDS = frozenset(("prec", "rounding", "Emin", "Emax", "capitals", "clamp"))


def settable(obj, name):
    return owned(obj) or (obj is current_decimal_context() and type(name) is str and name in CONTEXT_FIELDS)


def guard_setattr(value, obj, name):
    if not settable(obj, name):
        refuse(obj, name)
    real_setattr(obj, name, value)


def guard_delattr(obj, name):
    if not owned(obj):
        refuse(obj, name)
    real_delattr(obj, name)


def guard_augattr(obj, name, op, value):
    if not settable(obj, name):
        refuse(obj, name)
    real_setattr(obj, name, INPLACE[op](real_getattr(obj, name), value))


def made_after_start(cls):
    flags = cls.__flags__
    return bool(flags & HEAPTYPE) and not flags & IMMUTABLE and cls not in UNFROZEN


def guard_register(cls, subclass):
    """ABCMeta.register: registering a class that existed before the eval would outlive the run, and
    would make isinstance answer yes for objects (functions, frames) the eval must not match on."""
    if not (isinstance(subclass, real_type) and made_after_start(subclass)):
        raise TypeError("evals may register only classes they define")
    return abc_register(cls, subclass)


# How many ABCs (classes whose metaclass is abc.ABCMeta) were made since the runtime last looked
# (runtime.verify): only a batch that made one can have a hook in an ABC's caches or subclasses.
ABC_MADE = [0]


def counting_abc_init(cls):
    ABC_MADE[0] += 1
    abc_init(cls)


def defaults_only(assigned, updated):
    """update_wrapper and wraps with other `assigned`/`updated` would read attributes named at run time."""
    if assigned is not WRAPPER_ASSIGNMENTS or updated is not WRAPPER_UPDATES:
        raise TypeError("evals may call update_wrapper and wraps only with their default assigned and updated")


def guard_update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    """functools.update_wrapper/wraps from one function onto an eval's own function, with the
    default attributes only (`assigned`/`updated` would read attributes named at run time). Never
    onto a class, never from any other object: it copies dunders (`__annotate__`, `__type_params__`)
    that stdlib code later reads, and an arbitrary object answers any name it likes."""
    defaults_only(assigned, updated)
    if not owned(wrapper):
        refuse(wrapper, "__wrapped__")
    if type(wrapper) is not FunctionType:
        raise TypeError("evals may apply update_wrapper and wraps only to functions they define")
    if type(wrapped) not in WRAPPABLE:
        raise TypeError("evals may wrap only functions and methods")
    return update_wrapper(wrapper, wrapped)


def guard_abstractmethod(funcobj):
    """abc.abstractmethod (typing.abstractmethod, collections.abc.abstractmethod) sets
    __isabstractmethod__ on whatever it is given: on a stdlib function it outlived the batch (#13)."""
    if not owned(funcobj):
        refuse(funcobj, "__isabstractmethod__")
    return abstractmethod(funcobj)


def guard_total_ordering(cls):
    """functools.total_ordering sets the missing comparison methods on the class it is given."""
    if not (isinstance(cls, real_type) and made_after_start(cls)):
        raise TypeError("evals may apply total_ordering only to classes they define")
    return total_ordering(cls)


def guard_wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    defaults_only(assigned, updated)
    return lambda wrapper: guard_update_wrapper(wrapper, wrapped)


def guard_dataclass(cls=None, /, **kwargs):
    """dataclasses.dataclass on the eval's own classes only (it sets attributes on the class)."""

    def wrap(c):
        if not (isinstance(c, real_type) and made_after_start(c)):
            raise TypeError("evals may apply dataclass only to classes they define")
        for name, annotation in class_annotations(c).items():
            if isinstance(annotation, str):
                # dataclass would look a string up in the eval's module, which is not in sys.modules
                raise TypeError(f"dataclass field '{exact_str(name)}' is annotated with a string: evals do not evaluate string annotations, write its type (x: int, not x: 'int')")
        return dataclass(c, **kwargs)

    return wrap if cls is None else wrap(cls)


def guard_field(cls, name, annotation, kw_only):
    """Stands in for dataclasses._get_field: a field name goes into the source dataclass generates
    and executes, so it must be a plain identifier (ASCII, not a keyword, not starting with '_')."""
    if not (type(name) is str and name.isascii() and name.isidentifier() and name not in KEYWORDS and not name.startswith("_")):
        raise TypeError("dataclass field names in evals are plain identifiers not starting with '_'")
    return get_field(cls, name, annotation, kw_only)


def guard_enum_create(cls, class_name, names, **kwargs):
    """Enum("Name", names): member names become class attributes, so no name may start with '_'.
    The names are copied first, so what is checked is what enum reads."""
    if type(names) is dict:
        names = dict(names)
        keys = list(names)
    elif type(names) is str:
        keys = names.replace(",", " ").split()
    else:
        names = list(names)
        keys = [item if type(item) is not tuple else item[0] if len(item) == 2 else None for item in names]
    for name in keys:
        if type(name) is not str or name.startswith("_"):
            raise TypeError("enum member names in evals are plain strings not starting with '_'")
    return enum_create(cls, class_name, names, **kwargs)


def eval_type(obj):
    """The eval's type(): one argument, and never a metaclass (which builds classes from dicts)."""
    t = real_type(obj)
    if issubclass(t, real_type):
        raise TypeError("evals may not take the type of a class")
    return t


def mark_decorator(flag):
    def mark(obj):
        if owned(obj):
            real_setattr(obj, flag, True)
        return obj

    return mark


def frames_of(e):
    out, tb, seen_user = [], e.__traceback__, False
    while tb is not None and len(out) < 20:
        code = tb.tb_frame.f_code
        seen_user = seen_user or code.co_filename == USER_FILE
        if seen_user and code.co_filename != JAIL_FILE:
            line = tb.tb_lineno
            out.append((exact_str(code.co_filename), line if type(line) is int else 0, exact_str(code.co_name)))
        tb = tb.tb_next
    return tuple(out)


MESSAGE_CAP = 2000


def message_of(e):
    """str(e), cut at MESSAGE_CAP characters with a line saying how many more there were."""
    try:
        text = exact_str(str(e), "")
    except BaseException:  # noqa: BLE001 - an exception whose __str__ fails
        return ""
    if len(text) > MESSAGE_CAP:
        return text[:MESSAGE_CAP] + f"\n[message truncated: {len(text) - MESSAGE_CAP} more characters]"
    return text


def describe(e):
    """The exception chain in print order: ((type name, message, frames, link), ...)."""
    chain, link = [], ""
    while e is not None and len(chain) < 4:
        chain.append((exact_str(type(e).__name__)[:200], message_of(e), frames_of(e), link))
        if e.__cause__ is not None:
            e, link = e.__cause__, "cause"
        elif e.__context__ is not None and not e.__suppress_context__:
            e, link = e.__context__, "context"
        else:
            e = None
    chain.reverse()
    return tuple(chain)


def failure(e):
    code = "RESOURCE_LIMIT" if isinstance(e, MemoryError) else "USER_CODE_ERROR"
    return ("error", code, describe(e))


def output_so_far():
    """What the running trace printed so far, capped as its outcome's output is."""
    w = S.get("writer")
    return w.text() if w is not None else ""


def run_module():
    gc_enable()
    try:
        S["mod"]()
        S["res"] = ("ok",)
    except BaseException as e:  # noqa: BLE001 - eval code may raise anything, SystemExit included
        S["res"] = failure(e)
    finally:
        gc_disable()


def shape_of(r):
    if type(r) is tuple and len(r) == 2:
        return f"({exact_str(type(r[0]).__name__)}, {exact_str(type(r[1]).__name__)})"
    if type(r) is tuple:
        return f"tuple of length {len(r)}"
    return exact_str(type(r).__name__)


def run_trace(i):
    """Runs the eval on trace i. Answers None, or the name of the exception it raised: JavaScript
    then tells the host so, and calls describe_raised, which runs the exception's __str__."""
    gc_enable()
    raised = None
    traces = S["traces"]
    trace, traces[i] = traces[i], None
    S["asked"] = []
    t0 = perf_counter()
    try:
        r = S["fn"](trace)
        ms = (perf_counter() - t0) * 1000
        if type(r) is tuple and len(r) == 2 and type(r[0]) is bool and type(r[1]) is str:
            S["res"] = ("ok", r[0], r[1], ms)
        else:
            S["res"] = ("invalid", shape_of(r), ms)
    except BaseException as e:  # noqa: BLE001
        ms = (perf_counter() - t0) * 1000
        S["raised"], raised = (e, ms), exact_str(type(e).__name__)[:200]
    finally:
        trace = r = e = None
        gc_disable()
    if raised is not None:
        return raised
    settle()


def describe_raised():
    """The exception run_trace answered, as plain data. str() of it runs its __str__ (eval code,
    which may never return: the host was told which exception's it is, probes24)."""
    gc_enable()
    try:
        e, ms = S["raised"]
        S["raised"] = None
        S["res"] = failure(e) + (ms,)
    finally:
        e = None
        gc_disable()
    settle()


def settle():
    if S["asked"]:  # a question the parent has not answered yet: whatever the eval did is moot
        S["res"] = ("pending", tuple(S["asked"]), S["res"][-1])
    S["asked"] = None


# The model bridge. A question is plain data (a tuple of exact strings); its answer comes from the
# run's answers (S["answers"], given by the parent by question id, a digest of the question). An
# unanswered question is recorded and the trace stops; the parent asks the model and runs that
# trace again with the answer.
class AnswerPending(BaseException):
    pass


def text_arg(value, what, cap):
    if type(value) is not str:
        raise TypeError(f"{what} must be a str, got {exact_str(type(value).__name__)}")
    if len(value) > cap:
        raise ValueError(f"{what} is longer than {cap} characters")
    return value


def bridge(key):
    if S.get("asked") is None:
        raise RuntimeError("judge() and ask() can be called only while the eval function runs on a trace")
    answer = S["answers"].get(question_id(key))
    if answer is None:
        S["asked"].append(key)
        raise AnswerPending("waiting for the model's answer")
    return answer


def judge(question, text, choices=("yes", "no")):
    """Asks the model one short question about `text` (quoted as data); answers one of `choices`."""
    question = text_arg(question, "question", 2000)
    text = text_arg(text, "text", 20000)
    if type(choices) not in (tuple, list) or not 2 <= len(choices) <= 10:
        raise ValueError("choices must be a tuple of 2 to 10 strings")
    picked = tuple(text_arg(c, "each choice", 100) for c in choices)
    if len(set(picked)) != len(picked) or "" in picked:
        raise ValueError("choices must be distinct, non-empty strings")
    return bridge(("judge", question, text) + picked)


def ask(prompt):
    """Asks the model a free prompt; answers its text."""
    return bridge(("ask", text_arg(prompt, "prompt", 20000)))


def release(module_only=False):
    """Drops every object of the batch (module_only: those of its module body's run, not the traces)
    and collects them here, so finalisers run below no runtime frame (their output goes to a
    discarding writer set by the runtime)."""
    gc_enable()
    try:
        for key in ("mod", "fn", "g", "res") if module_only else ("mod", "fn", "g", "traces", "res", "answers"):
            S[key] = None
        gc_collect()
    finally:
        gc_disable()
