"""Compile a Deluge AST to one Python function, once per script.

The script becomes Python source text — one function `_script(_rt, _cx, _in)` — that is compiled
and `exec`uted in a globals dict holding only the helpers of `compiler_runtime` (and no Python
builtins). Deluge variables are Python locals named `v_<name>`, so a Deluge name can never reach
a helper or a Python object. User text enters the generated code only as `repr` literals.

Hot operations carry inline type guards: `a + b` on two NUMBERs, `<` on NUMBERs, `s.length()` on
TEXT run as plain Python; anything else falls back to a helper with Deluge semantics and messages.
Statements are counted per straight-line run (`_n += k`), and the budget is checked against a
moving checkpoint so the common case costs one comparison. The count is `_N + _n`: at each
checkpoint the base `_N` takes the count and `_n` starts again from 0, so `_n` stays a small
(cached, never allocated) int. The 64-bit range of a NUMBER result is checked with
`r.bit_length() < 64` (one call instead of two comparisons with big constants); the one value
it refuses wrongly, the smallest NUMBER, goes the general way, which accepts it.

Each generated line maps back to the span of the Deluge code it came from: errors raised by
helpers get their line from the traceback (`Program.locate`), so no line bookkeeping runs on
the fast path. Expressions nested deeper than Python's parser likes are split into helper
functions (`_x1`, ...) that receive the variables they read as arguments.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import count
from types import TracebackType
from typing import Any

import msgspec

from cliqsim.deluge import ast as dast
from cliqsim.deluge.builtins import lookup
from cliqsim.deluge.compiler_bounded import Plan as BoundedPlan
from cliqsim.deluge.compiler_bounded import divisibility
from cliqsim.deluge.compiler_bounded import plan as bounded_plan
from cliqsim.deluge.compiler_runtime import dispatcher_for, helper_globals
from cliqsim.deluge.compiler_types import (
    Bound,
    Known,
    assigned_names,
    counter_step,
    expressions,
    loop_counters,
    merge,
    merge_bound,
    only_walked,
    typed_uses,
)
from cliqsim.deluge.errors import DelugeRuntimeError, DelugeSyntaxError
from cliqsim.deluge.source import Source, Span
from cliqsim.deluge.values import MAX_NUMBER, MIN_NUMBER
from cliqsim.deluge.values_dates import parse_date_literal
from cliqsim.deluge.walk import Node, children, statements

HOIST_DEPTH = 12  # Deluge expression levels per generated function (each is ~3 Python levels)
MAX_BLOCK_NESTING = 18  # for-each and try blocks (Python allows 20 statically nested blocks)
MAX_INDENT = 90  # Python allows 100 indentation levels
MAX_SPECIALIZED = 40  # statements of a loop body that gets a second, checked-once copy

_BOOLEAN_OPS = {"==", "!=", "<", ">", "<=", ">=", "&&", "||"}
# expressions whose value is never a DATE: a map literal stores them without `_map_value`
_NEVER_DATES = (
    dast.Number,
    dast.Decimal,
    dast.Boolean,
    dast.Null,
    dast.ListLiteral,
    dast.MapLiteral,
    dast.Construct,
)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_COUNTER = count(1)


class Program(msgspec.Struct):
    """A compiled script: the function to call and what maps its lines back to Deluge spans."""

    function: Callable[[Any, Any, dict[str, Any]], Any]
    spans: tuple[Span, ...]
    filename: str
    line_spans: dict[int, Span]
    python: str = ""  # the generated code, for reading (`scripts/deluge_python.py`)

    def locate(self, tb: TracebackType | None) -> Span | None:
        """The span of the deepest generated line in a traceback."""
        found: Span | None = None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == self.filename:
                found = self.line_spans.get(tb.tb_lineno, found)
            tb = tb.tb_next
        return found


class _Function(msgspec.Struct):
    name: str
    params: tuple[str, ...]
    lines: list[tuple[int, str, Span | None]] = msgspec.field(default_factory=list)
    temps: Iterator[int] = msgspec.field(default_factory=lambda: count(1))

    def temp(self) -> str:
        return f"_t{next(self.temps)}"


def variable(name: str) -> str:
    """The Python local for a Deluge variable."""
    if _NAME.match(name):
        return f"v_{name}"
    return "u_" + name.encode("utf-8").hex()  # cannot collide with a v_ name


def deluge_name(python_name: str) -> str | None:
    """The Deluge variable a generated local stands for (the inverse of `variable`)."""
    if python_name.startswith("v_"):
        return python_name[2:]
    if python_name.startswith("u_"):
        try:
            return bytes.fromhex(python_name[2:]).decode("utf-8")
        except ValueError:
            return None
    return None


def compile_ast(script: dast.Script, source: Source, typed: bool = True) -> Program:
    """Compile a parsed script. `typed=False` leaves out what the compiler knows of variable
    types (every value is checked where it is used): the reference the typed code is tested
    against."""
    return _Compiler(source, typed).compile(script)


class _Compiler:
    def __init__(self, source: Source, typed: bool = True) -> None:
        self.source = source
        self.typed = typed
        self.walked_only: frozenset[str] = frozenset()  # `compiler_types.only_walked`
        # In the typed copy of a loop body: the variables `compiler_types.loop_counters` found
        # and `compiler_runtime.counters` checked, which add without a range check.
        self.counters: frozenset[str] = frozenset()
        self.spans: list[Span] = []
        self.span_ids: dict[Span, int] = {}
        self.globals: dict[str, Any] = helper_globals()
        self.constant_count = 0
        self.functions: list[_Function] = []
        self.fn = _Function("_script", ("_rt", "_cx", "_in"))
        self.indent = 1
        self.loops = 0
        self.blocks = 0
        self.hoisted = 0
        self.iteration_span: Span | None = None  # the loop whose iteration is being counted
        # Statements counted (`_n += k` at the start of a straight-line run) but not yet begun
        # where code is being emitted: an effect passes `_N + _n - ahead` to its helper, the exact
        # number of statements executed when it happens.
        self.ahead = 0
        self.filename = f"<deluge {source.name} #{next(_COUNTER)}>"
        self.known: Known = {}  # variables surely of one type where code is being emitted
        self.bound: Bound = frozenset()  # variables surely assigned there
        # In the typed copy of a loop body: the guarded variables every assignment so far gave
        # a value of their guarded type.
        self.kept: Known = {}

    # ------------------------------------------------------------------ assembly

    def compile(self, script: dast.Script) -> Program:
        if script.creator:  # parsed only to be refused (cliqsim.deluge.creator_syntax)
            from cliqsim.deluge.creator_syntax import message as creator_message

            first = script.creator[0]
            raise DelugeSyntaxError(creator_message(first), first.span, self.source)
        names = sorted(_names_read(script.body))
        self.walked_only = only_walked(script)
        self.emit("_tick = _rt.tick", script.span)
        self.emit("_N, _n, _chk = _rt.start()", script.span)
        self.emit("_MT = _cx.max_text", script.span)
        self.emit("_MC = _cx.max_collection", script.span)
        for name in names:
            self.emit(f"if {name!r} in _in: {variable(name)} = _in[{name!r}]", script.span)
        self.body(script.body, extra=0)
        self.emit("if _n > _chk: _tick(_N + _n)", script.span)
        self.emit("_rt.n = _N + _n", script.span)
        self.emit("return None", script.span)
        return self._assemble()

    def _assemble(self) -> Program:
        out: list[str] = []
        line_spans: dict[int, Span] = {}
        for fn in [*self.functions, self.fn]:
            out.append(f"def {fn.name}({', '.join(fn.params)}):")
            out.append("    _T, _I, _S, _L, _D, _B = _type, _int, _str, _list, _dict, _bool")
            for indent, text, span in fn.lines:
                out.append("    " * indent + text)
                if span is not None:
                    line_spans[len(out)] = span
        text = "\n".join(out) + "\n"
        try:
            code = compile(text, self.filename, "exec")
        except (SyntaxError, RecursionError, MemoryError, ValueError) as error:
            raise DelugeSyntaxError(
                "The script is nested too deeply or is too large to run: simplify it "
                f"({type(error).__name__}: {error})",
                None,
                self.source,
            ) from None
        namespace = self.globals
        exec(code, namespace)  # noqa: S102 - generated code, helpers only, no builtins
        program = Program(
            namespace["_script"], tuple(self.spans), self.filename, line_spans, text
        )
        namespace["_caught"] = _catcher(program)  # looked up when a catch runs, not before
        return program

    def emit(self, text: str, span: Span | None) -> None:
        self.fn.lines.append((self.indent, text, span))

    def sid(self, span: Span) -> int:
        found = self.span_ids.get(span)
        if found is None:
            found = self.span_ids[span] = len(self.spans)
            self.spans.append(span)
        return found

    def constant(self, value: object) -> str:
        self.constant_count += 1
        name = f"_k{self.constant_count}"
        self.globals[name] = value
        return name

    def builtin(self, name: str) -> str:
        key = "_m_" + re.sub(r"[^a-z0-9]", "_", name.lower())
        if key not in self.globals:
            self.globals[key] = dispatcher_for(name)
        return key

    def kind(self, e: dast.Expr) -> str:
        """`_kind`, with what is known of the variables where code is being emitted."""
        if isinstance(e, dast.Name):
            return self.known.get(e.name, "?")
        return _kind(e)

    def result_kind(self, e: dast.Expr) -> str:
        """The type `e` surely has when it does not fail: "text", "int" or "?" (`_result_kind`
        with what is known of the variables; NUMBER arithmetic of NUMBERs is a NUMBER)."""
        if not self.typed:
            return _result_kind(e)
        if isinstance(e, dast.Name):
            return self.known.get(e.name, "?")
        if isinstance(e, dast.Binary) and e.op in ("+", "-", "*", "%"):
            left, right = self.result_kind(e.left), self.result_kind(e.right)
            if e.op == "+" and "text" in (left, right):
                return "text"
            return "int" if left == right == "int" else "?"
        if isinstance(e, dast.Unary) and e.op == "-":
            return "int" if self.result_kind(e.operand) == "int" else "?"
        return _result_kind(e)

    # ------------------------------------------------------------------ statements

    def body(self, statements: tuple[dast.Stmt, ...], extra: int, precounted: int = 0) -> None:
        """Emit statements, counting each straight-line run once at its start. `extra` adds
        statements to the first run (1 for a loop's iteration). The budget is checked at the
        start of each loop iteration and before the script ends: only loops can make a run
        longer than the script itself. `precounted` statements of the first run were already
        counted by the caller (an if/else whose branches all start with runs of equal length)."""
        if not statements:
            if extra:
                self._count(extra, self.iteration_span, True)
            else:
                self.emit("pass", None)
            return
        segment: list[dast.Stmt] = []
        for stmt in statements:
            segment.append(stmt)
            if not isinstance(stmt, dast.Assign | dast.ExprStmt | dast.Info):
                self._segment(segment, extra, precounted)
                extra = precounted = 0
                segment = []
        if segment:
            self._segment(segment, extra, precounted)

    def _count(self, k: int, span: Span | None, check: bool) -> None:
        self.emit(f"_n += {k}", span)
        if check:
            self.emit("if _n > _chk: _N, _n, _chk = _tick(_N + _n)", span)

    def _segment(self, segment: list[dast.Stmt], extra: int, precounted: int) -> None:
        last = segment[-1]
        folded = _foldable_if(last)
        # Zoho's limits page: a for-each over 5 elements with 2 statements inside counts 15 (its
        # 3 statements, the loop's own included, executed 5 times): the loop counts once per
        # iteration (`extra` of its body), not once more when it is entered.
        entered = 1 if isinstance(last, dast.ForEach) else 0
        k = len(segment) + extra + folded - precounted - entered
        if k or extra:
            self._count(k, self.iteration_span if extra else segment[0].span, extra > 0)
        for index, stmt in enumerate(segment[:-1]):
            self.ahead = len(segment) - index - 1 + folded - entered
            self.statement(stmt)
        self.ahead = folded
        if folded:
            assert isinstance(last, dast.If)
            self.if_statement(last, folded)
        else:
            self.statement(last)

    def _check_indent(self, stmt: dast.Stmt) -> None:
        if self.indent > MAX_INDENT:
            raise DelugeSyntaxError(
                f"(Line no: {stmt.span.line}) Statements are nested more than {MAX_INDENT} "
                "levels deep: split the script",
                stmt.span,
                self.source,
            )

    def statement(self, stmt: dast.Stmt) -> None:
        self._check_indent(stmt)
        if isinstance(stmt, dast.Assign):
            self.assign(stmt)
        elif isinstance(stmt, dast.ExprStmt):
            self.expr_statement(stmt)
        elif isinstance(stmt, dast.Info):
            value = self.expr(stmt.value, 0)
            self.emit(f"_info(_rt, {value}, {self.sid(stmt.span)}, {self.executed()})", stmt.span)
        elif isinstance(stmt, dast.If):
            self.if_statement(stmt)
        elif isinstance(stmt, dast.ForEach):
            self.for_each(stmt)
        elif isinstance(stmt, dast.TryCatch):
            self.try_catch(stmt)
        elif isinstance(stmt, dast.Return):
            value = "None" if stmt.value is None else self.expr(stmt.value, 0)
            self.emit("if _n > _chk: _tick(_N + _n)", stmt.span)
            self.emit("_rt.n = _N + _n", stmt.span)
            self.emit(f"return {value}", stmt.span)
        elif isinstance(stmt, dast.Break | dast.Continue):
            word = "break" if isinstance(stmt, dast.Break) else "continue"
            self.emit(word if self.loops else f"_outside_loop({word!r})", stmt.span)
        else:  # pragma: no cover - the AST has no other statements
            raise DelugeSyntaxError(f"Unknown statement {type(stmt).__name__}", stmt.span)

    def assign(self, stmt: dast.Assign) -> None:
        value: dast.Expr = stmt.value
        if stmt.op != "=":
            value = dast.Binary(
                stmt.op[:-1], dast.Name(stmt.target, stmt.target_span), stmt.value, stmt.span
            )
        kind = self.result_kind(value)
        step = counter_step(stmt, stmt.target) if stmt.target in self.counters else None
        if step is not None:  # a counter in a loop's typed copy: `compiler_runtime.counters`
            assert isinstance(value, dast.Binary)
            target = variable(stmt.target)
            sign = "-" if value.op == "-" else "+"
            self.emit(f"{target} = {target} {sign} {step}", stmt.span)
        elif not self._append(stmt, value):
            self.emit(f"{variable(stmt.target)} = {self.expr(value, 0)}", stmt.span)
        if self.kept.get(stmt.target, kind) != kind:
            del self.kept[stmt.target]  # the typed copy of a loop changes its type
        if kind in ("int", "text") and self.typed:
            self.known[stmt.target] = kind
        else:
            self.known.pop(stmt.target, None)
        self.bound = self.bound | {stmt.target}

    def _append(self, stmt: dast.Assign, value: dast.Expr) -> bool:
        """`s = s + x` (or `s += x`, `s = s + x + "\n"`) on a TEXT `s`: appended in place, as
        Python appends to a text only one variable holds, instead of copying `s` each time
        (a text built in a loop costs its length, not its length squared). The text limit is
        checked after the append; past it, `s` is cut back to the text it had before the
        error. False where the assignment is not of that shape."""
        target = stmt.target
        if not self.typed or self.known.get(target) != "text":
            return False
        shorts: list[str] = []
        node = value
        while isinstance(node, dast.Binary) and node.op == "+":
            if isinstance(node.left, dast.Name) and node.left.name == target:
                break
            part = self._short_part(node.right)
            if part is None:
                return False
            shorts.insert(0, part)
            node = node.left
        else:
            return False
        s, joined = variable(target), self.fn.temp()
        self.emit(f"{joined} = {' + '.join([self._text_part(node.right, 0), *shorts])}", stmt.span)
        self.emit(f"{s} = {s} + {joined}", stmt.span)
        lengths = "".join(f"_len({p}), " for p in shorts)
        self.emit(
            f"if _len({s}) > _MT: {s} = {s}[:_len({s}) - _len({joined})]; "
            f"_too_long_join(_len({s}), _len({joined}), ({lengths}), _cx)",
            stmt.span,
        )
        return True

    def expr_statement(self, stmt: dast.ExprStmt) -> None:
        e = stmt.expr
        if (
            isinstance(e, dast.MethodCall)
            and e.name == "put"
            and len(e.args) == 2
            and _simple(e.args[0])
        ):
            target = self.expr(e.target, 0)
            key = self.expr(e.args[0], 0)
            value = self.map_value(e.args[1], 0)
            t = self.fn.temp()
            key_check = "" if isinstance(e.args[0], dast.Text) else f" and _T({key}) is _S"
            self.emit(f"{t} = {target}", stmt.span)
            self.emit(
                f"if _T({t}) is _D{key_check} and ({key} in {t} or _len({t}) < _MC): "
                f"{t}[{key}] = {value}",
                stmt.span,
            )
            self.emit(f"else: {self.builtin('put')}(_cx, {t}, {key}, {value})", stmt.span)
            return
        self.emit(self.expr(e, 0), stmt.span)

    def condition(self, e: dast.Expr, depth: int) -> str:
        code = self.expr(e, depth)
        if _is_boolean(e) or self._surely_boolean(e):
            return code
        t = self.fn.temp()
        return f"({t} if _T({t} := {code}) is _B else _truth({t}))"

    def _surely_boolean(self, e: dast.Expr) -> bool:
        """A `contains` of a TEXT in a TEXT (compiled as Python's `in`)."""
        return (
            isinstance(e, dast.MethodCall)
            and e.name.lower() == "contains"
            and len(e.args) == 1
            and _simple(e.args[0])
            and self.kind(e.args[0]) == "text"
            and self.result_kind(e.target) == "text"
        )

    def if_statement(self, stmt: dast.If, precounted: int = 0) -> None:
        self._check_indent(stmt)
        ahead = self.ahead
        known, bound = self.known, self.bound
        ends: list[tuple[Known, Bound]] = []
        for index, (cond, body) in enumerate(stmt.branches):
            keyword = "if" if index == 0 else "elif"
            self.ahead = ahead  # the branches compiled before moved it
            self.known, self.bound = dict(known), bound
            self.emit(f"{keyword} {self.condition(cond, 0)}:", cond.span)
            self.indent += 1
            self.body(body, 0, precounted)
            self.indent -= 1
            ends.append((self.known, self.bound))
        if stmt.else_body is not None:
            self.known, self.bound = dict(known), bound
            self.emit("else:", stmt.span)
            self.indent += 1
            self.body(stmt.else_body, 0, precounted)
            self.indent -= 1
            ends.append((self.known, self.bound))
        else:
            ends.append((known, bound))
        self.known = merge([k for k, _ in ends])
        self.bound = merge_bound([b for _, b in ends])

    def executed(self) -> str:
        """Code for the statements executed at this point (see `ahead`)."""
        return f"_N + _n - {self.ahead}" if self.ahead else "_N + _n"

    def _enter_block(self, span: Span) -> None:
        self.blocks += 1
        if self.blocks > MAX_BLOCK_NESTING:
            raise DelugeSyntaxError(
                f"(Line no: {span.line}) for each and try blocks are nested more than "
                f"{MAX_BLOCK_NESTING} levels deep: split the script",
                span,
                self.source,
            )

    def for_each(self, stmt: dast.ForEach) -> None:
        self._enter_block(stmt.span)
        t = self.fn.temp()
        self.emit(f"{t} = {self.expr(stmt.iterable, 0)}", stmt.span)
        unchecked = (
            bounded_plan(stmt, self.bound, variable)
            if self.typed and self.indent + 3 + MAX_SPECIALIZED <= MAX_INDENT
            else None
        )
        if unchecked is None:
            self._loop(stmt, t)
        else:
            self._bounded_loop(stmt, t, unchecked)
        self.blocks -= 1

    def _bounded_loop(self, stmt: dast.ForEach, t: str, plan: BoundedPlan) -> None:
        """The loop twice: an unchecked copy of its body (`compiler_bounded`), taken when the
        checks at its start prove nothing in it can fail, and the usual code otherwise."""
        reads = "".join(f"{variable(name)}, " for name in plan.reads)
        limit = self.constant(plan.limit)
        walked = isinstance(stmt.iterable, dast.Name) and stmt.iterable.name in self.walked_only
        self.emit(
            f"if _bounded(_rt, {t}, ({reads}), {self.executed()}, {plan.per_item}, "
            f"{plan.growth}, {limit}, {walked}):",
            stmt.span,
        )
        self.indent += 1
        chunk = self.fn.temp()
        if not plan.counted:
            self.emit(f"_n += {plan.per_item} * _len({t})", stmt.span)
        self.emit(f"for {chunk} in _chunks({t}, _cx):", stmt.span)
        self.emit(f"    for {variable(stmt.var)} in {chunk}:", stmt.span)
        for indent, line in plan.lines:
            self.fn.lines.append((self.indent + 2 + indent, line, stmt.span))
        self.emit("if _n > _chk: _N, _n, _chk = _tick(_N + _n)", stmt.span)
        self.indent -= 1
        self.emit("else:", stmt.span)
        self.indent += 1
        self._loop(stmt, t)
        self.indent -= 1

    def _loop(self, stmt: dast.ForEach, t: str) -> None:
        """The loop's usual code: checks as it goes."""
        if stmt.index:
            walk = f"_indexes({t}, _cx)"
        else:
            walk = f"({t} if _T({t}) is _L else _each({t}, _cx))"
        assigned = assigned_names(stmt.body) | {stmt.var}
        known = {n: k for n, k in self.known.items() if n not in assigned}
        bound = self.bound
        # the typed copy sits one level deeper: only where that cannot pass the nesting limit
        roomy = self.indent + 2 + MAX_SPECIALIZED <= MAX_INDENT
        texts = frozenset(n for n, k in self.known.items() if k == "text")
        guards = (
            loop_guards(stmt, bound, _whole_number_names, texts) if self.typed and roomy else {}
        )
        held = self.fn.temp()  # True while the guarded variables the body assigns held
        if guards:
            self.emit(f"{held} = False", stmt.span)
        counters = loop_counters(stmt, bound) if guards else {}
        counted = self.fn.temp()  # whether the counters cannot leave the NUMBER range
        if counters:
            values = "".join(f"{variable(n)}, " for n in sorted(counters))
            self.emit(
                f"{counted} = _counters(_rt, ({values}), {max(counters.values())})", stmt.span
            )
        self.emit(f"for {variable(stmt.var)} in {walk}:", stmt.span)
        self.indent += 1
        self.loops += 1
        outer, self.iteration_span = self.iteration_span, stmt.span
        if guards:
            # The body twice: once for iterations that start with the guarded variables of
            # their usual types (no checks of those inside), once for any other. A variable
            # the typed copy only ever assigns values of its type is checked again only after
            # an iteration of the other copy.
            at = len(self.fn.lines)
            self.emit("", stmt.span)  # the check, written once the typed copy is compiled
            self.indent += 1
            ints = {n: "int" for n in counters}
            self.known, self.bound = {**known, **ints, **guards}, bound | {stmt.var}
            carried = {n: k for n, k in guards.items() if n != stmt.var}
            outer_kept, self.kept = self.kept, dict(carried)
            self.counters = frozenset(counters)
            self.body(stmt.body, extra=1)
            self.counters = frozenset()
            kept, self.kept = self.kept, outer_kept
            self.indent -= 1

            def check(name: str) -> str:
                return f"_T({variable(name)}) is {'_I' if guards[name] == 'int' else '_S'}"

            checks = [counted] if counters else []
            checks += [check(stmt.var)] if stmt.var in guards else []
            if carried:
                again = " and ".join(check(n) for n in carried if n not in kept)
                once = " and ".join(check(n) for n in carried if n in kept)
                if again:
                    checks.append(again)
                if once:
                    checks.append(f"({held} or ({held} := {once}))")
            self.fn.lines[at] = (self.indent, f"if {' and '.join(checks)}:", stmt.span)
            self.emit("else:", stmt.span)
            self.indent += 1
            if carried:
                self.emit(f"{held} = False", stmt.span)
        self.known, self.bound = dict(known), bound | {stmt.var}
        self.body(stmt.body, extra=1)
        if guards:
            self.indent -= 1
        self.known, self.bound = known, bound
        self.iteration_span = outer
        self.loops -= 1
        self.indent -= 1

    def try_catch(self, stmt: dast.TryCatch) -> None:
        self._enter_block(stmt.span)
        error = self.fn.temp()
        known, bound = self.known, self.bound
        self.known = dict(known)
        self.emit("try:", stmt.span)
        self.indent += 1
        self.body(stmt.body, 0)
        self.indent -= 1
        finished = (self.known, self.bound)
        # the handler starts wherever the body stopped: nothing the body assigns is known there
        self.known = {n: k for n, k in known.items() if n not in assigned_names(stmt.body)}
        self.known.pop(stmt.error_name, None)
        self.bound = bound | {stmt.error_name}
        self.emit(f"except _DRE as {error}:", stmt.span)
        self.indent += 1
        self.emit(f"if _isinstance({error}, _NOT_CAUGHT): raise", stmt.span)
        self.emit(f"{variable(stmt.error_name)} = _caught({error})", stmt.span)
        self.body(stmt.handler, 0)
        self.indent -= 1
        self.known = merge([finished[0], self.known])
        self.bound = merge_bound([finished[1], self.bound])
        self.blocks -= 1

    # ------------------------------------------------------------------ expressions

    def expr(self, e: dast.Expr, depth: int) -> str:
        if depth >= HOIST_DEPTH and not _simple(e):
            return self.hoist(e)
        if isinstance(e, dast.Name):
            return variable(e.name)
        if isinstance(e, dast.Number):
            if not MIN_NUMBER <= e.value <= MAX_NUMBER:
                raise DelugeSyntaxError(
                    f"(Line no: {e.span.line}) The number {e.value} does not fit in a 64-bit "
                    "NUMBER",
                    e.span,
                    self.source,
                )
            return repr(e.value)
        if isinstance(e, dast.Text):
            return self.text(e)
        if isinstance(e, dast.Decimal):
            value = float(e.text)
            if value != value or value in (float("inf"), float("-inf")):
                raise DelugeSyntaxError(
                    f"(Line no: {e.span.line}) The decimal {e.text} is out of range",
                    e.span,
                    self.source,
                )
            return repr(value)
        if isinstance(e, dast.Boolean):
            return "True" if e.value else "False"
        if isinstance(e, dast.Null):
            return "None"
        if isinstance(e, dast.SystemVariable):
            return self.system_variable(e)
        if isinstance(e, dast.ListLiteral):
            return "[" + ", ".join(self.expr(item, depth + 1) for item in e.items) + "]"
        if isinstance(e, dast.MapLiteral):
            return self.map_literal(e, depth)
        if isinstance(e, dast.Construct):
            return self.construct(e, depth)
        if isinstance(e, dast.Unary | dast.Binary):
            fast = self.whole_number_fast_path(e, depth)
            if fast is not None:
                return fast
            if isinstance(e, dast.Unary):
                return self.unary(e, depth)
            return self.binary(e.op, e.left, e.right, depth)
        if isinstance(e, dast.IfExpr):
            cond = self.condition(e.condition, depth + 1)
            yes = self.expr(e.when_true, depth + 1)
            no = self.expr(e.when_false, depth + 1)
            return f"({yes} if {cond} else {no})"
        if isinstance(e, dast.Call):
            return self.call(e, depth)
        if isinstance(e, dast.MethodCall):
            return self.method_call(e, depth)
        if isinstance(e, dast.TaskCall):
            return self.task_call(e, depth)
        if isinstance(e, dast.BlockTask):
            pairs = ", ".join(f"({p.key!r}, {self.expr(p.value, depth + 1)})" for p in e.params)
            helper = "_invokeurl" if e.task == "invokeurl" else "_sendmail"
            tail = "," if len(e.params) == 1 else ""
            return f"{helper}(_rt, ({pairs}{tail}), {self.sid(e.span)}, {self.executed()})"
        raise DelugeSyntaxError(f"Unknown expression {type(e).__name__}", e.span, self.source)

    def hoist(self, e: dast.Expr) -> str:
        """Compile `e` as a function of its own, so no generated line nests too deeply."""
        names = tuple(variable(n) for n in sorted(_names_in(e)))
        params = ("_rt", "_cx", "_MT", "_MC", "_N", "_n", *names)
        self.hoisted += 1
        fn = _Function(f"_x{self.hoisted}", params)
        outer, outer_indent = self.fn, self.indent
        self.fn, self.indent = fn, 1
        code = self.expr(e, 0)
        self.emit(f"return {code}", e.span)
        self.fn, self.indent = outer, outer_indent
        self.functions.append(fn)
        return f"{fn.name}({', '.join(params)})"

    def text(self, e: dast.Text) -> str:
        if e.single_quoted:
            value = parse_date_literal(e.value)
            if value is not None:
                name = self.constant(value)
                if isinstance(value, datetime) and value.tzinfo is None:
                    return f"{name}.replace(tzinfo=_cx.zone)"
                return name
        return repr(e.value)

    def system_variable(self, e: dast.SystemVariable) -> str:
        name = e.name.lower()
        if name in ("now", "zoho.currenttime"):
            return "_rt.now()"
        if name in ("today", "zoho.currentdate"):
            return "_rt.today()"
        return f"_sysvar(_rt, {e.name!r}, {self.sid(e.span)})"

    def map_literal(self, e: dast.MapLiteral, depth: int) -> str:
        if not e.entries:  # `{}`: a list or a map, as its first use decides
            return "_open_collection()"
        if all(isinstance(k, dast.Text) and not k.single_quoted for k, _ in e.entries):
            parts = (
                f"{self.expr(k, depth + 1)}: {self.map_value(v, depth + 1)}" for k, v in e.entries
            )
            return "{" + ", ".join(parts) + "}"
        pairs = [f"({self.expr(k, depth + 1)}, {self.expr(v, depth + 1)})" for k, v in e.entries]
        return f"_make_map(({', '.join(pairs)}{',' if len(pairs) == 1 else ''}), _cx)"

    def map_value(self, v: dast.Expr, depth: int) -> str:
        """A map literal's value: one that may be a DATE passes `_map_value` (a DATE gets the
        time 00:00:00 in a map, the create-map page), others go in as they are."""
        code = self.expr(v, depth)
        if isinstance(v, dast.Text) and not v.single_quoted:
            return code
        if isinstance(v, _NEVER_DATES) or self.result_kind(v) in ("int", "text"):
            return code
        return f"_map_value({code}, _cx)"

    def construct(self, e: dast.Construct, depth: int) -> str:
        args = [self.expr(a, depth + 1) for a in e.args]
        if e.type_name == "Map":
            if e.entries:
                return self.map_literal(dast.MapLiteral(e.entries, e.span), depth)
            return "{}" if not args else f"_copy_map(({', '.join(args)},), _cx)"
        if e.type_name == "List":
            return "[]" if not args else f"_make_list(({', '.join(args)},), _cx)"
        pairs = [f"({self.expr(k, depth + 1)}, {self.expr(v, depth + 1)})" for k, v in e.entries]
        tail = "," if len(pairs) == 1 else ""
        return f"_make_collection([{', '.join(args)}], ({', '.join(pairs)}{tail}), _cx)"

    def whole_number_fast_path(self, e: dast.Unary | dast.Binary, depth: int) -> str | None:
        """Arithmetic and comparisons over NUMBER variables and constants as one Python
        expression under one guard (every variable read is a NUMBER), the range checked once
        on the result; otherwise the general code below. The general code is still emitted as
        the fallback, so semantics are the same whichever path runs (except that an
        intermediate result may exceed 64 bits when the final one does not)."""
        shape = _whole_number_shape(e)
        if shape is None or _depth(e) > HOIST_DEPTH:
            return None
        names, non_negative = shape
        if not names or any(self.known.get(n) == "text" for n in names):
            return None
        fast = _whole_number_code(e)
        checks = [f"_T({variable(n)}) is _I" for n in sorted(names) if self.known.get(n) != "int"]
        checks += [f"{variable(n)} >= 0" for n in sorted(non_negative)]
        general = (
            self.unary(e, depth)
            if isinstance(e, dast.Unary)
            else self.binary(e.op, e.left, e.right, depth)
        )
        if isinstance(e, dast.Binary) and e.op in _BOOLEAN_OPS:
            return f"({fast} if {' and '.join(checks)} else {general})" if checks else fast
        r = self.fn.temp()
        guard = "".join(f"{check} and " for check in checks)
        return f"({r} if {guard}({r} := {fast}).bit_length() < 64 else {general})"

    def unary(self, e: dast.Unary, depth: int) -> str:
        if e.op == "!":
            return f"(not {self.condition(e.operand, depth + 1)})"
        if isinstance(e.operand, dast.Number):
            value = -e.operand.value
            if not MIN_NUMBER <= value <= MAX_NUMBER:
                raise DelugeSyntaxError(
                    f"(Line no: {e.span.line}) The number {value} does not fit in a 64-bit NUMBER",
                    e.span,
                    self.source,
                )
            return f"({value})"
        if isinstance(e.operand, dast.Decimal):
            return f"({-float(e.operand.text)!r})"
        t = self.fn.temp()
        operand = self.expr(e.operand, depth + 1)
        return f"(-{t} if _T({t} := {operand}) is _I and {t} != {MIN_NUMBER} else _neg({t}))"

    def _operands(self, left: dast.Expr, right: dast.Expr, depth: int) -> tuple[str, str, str, str]:
        """(first use, reference) of each operand: complex operands go through a temp."""
        out: list[str] = []
        for operand in (left, right):
            code = self.expr(operand, depth + 1)
            if _simple(operand):
                out += [code, code]
            else:
                t = self.fn.temp()
                out += [f"({t} := {code})", t]
        return out[0], out[1], out[2], out[3]

    def binary(self, op: str, left: dast.Expr, right: dast.Expr, depth: int) -> str:
        if op in ("&&", "||"):
            a = self.condition(left, depth + 1)
            b = self.condition(right, depth + 1)
            return f"({a} {'and' if op == '&&' else 'or'} {b})"
        if op == "+" and "text" in (self.result_kind(left), self.result_kind(right)):
            return self._text_join(left, right, depth)
        a1, a, b1, b = self._operands(left, right, depth)
        lk, rk = self.kind(left), self.kind(right)
        both_simple = a1 == a and b1 == b
        if op in ("+", "-", "*"):
            return self._arith(op, a1, a, b1, b, lk, rk, both_simple)
        if op == "/":
            return f"_div({a1}, {b1})"
        if op == "%":
            if rk == "int" and right_positive(right):
                return f"({a} % {b} if _T({a1}) is _I and {a} >= 0 else _mod({a}, {b}))"
            guard = _both_int(a1, b1, lk, rk, both_simple)
            return f"({a} % {b} if {guard} and {a} >= 0 and {b} > 0 else _mod({a}, {b}))"
        if op in ("==", "!="):
            return self._equality(op, a1, a, b1, b, lk, rk)
        if op in ("<", ">", "<=", ">="):
            if lk == "text" or rk == "text" or lk == "null" or rk == "null":
                return f"_cmp({op!r}, {a1}, {b1})"
            guard = _both_int(a1, b1, lk, rk, both_simple)
            return f"({a} {op} {b} if {guard} else _cmp({op!r}, {a}, {b}))"
        raise DelugeSyntaxError(f"Unknown operator {op}", None, self.source)

    def _short_part(self, e: dast.Expr) -> str | None:
        """For an operand of a TEXT join that is short, cannot fail and reads nothing that can
        change (a literal, a NUMBER variable, the length of a TEXT variable): the code of its
        text form. Joins of such parts are checked against the text limit once, at the end."""
        if isinstance(e, dast.Text) and not e.single_quoted:
            return repr(e.value)
        if isinstance(e, dast.Number):
            return repr(str(e.value))
        if isinstance(e, dast.Name) and self.kind(e) == "int":
            return f"_S({variable(e.name)})"
        if (
            isinstance(e, dast.MethodCall)
            and e.name.lower() in ("length", "len")
            and not e.args
            and isinstance(e.target, dast.Name)
            and self.kind(e.target) == "text"
        ):
            return f"_S(_len({variable(e.target.name)}))"
        return None

    def _text_join(self, left: dast.Expr, right: dast.Expr, depth: int) -> str:
        """`+` where one side is surely TEXT: the other side joins in its text form."""
        short = self._short_part(right) if self.typed else None
        if short is not None and not isinstance(left, dast.Text):
            tail = [short]
            while (
                isinstance(left, dast.Binary)
                and left.op == "+"
                and "text" in (self.result_kind(left.left), self.result_kind(left.right))
                and (part := self._short_part(left.right)) is not None
            ):
                tail.insert(0, part)
                left = left.left
            first = self._text_part(left, depth)
            r = self.fn.temp()
            lengths = ", ".join(f"_len({p})" for p in tail)
            return (
                f"({r} if _len({r} := {' + '.join([first, *tail])}) <= _MT "
                f"else _too_long_parts({r}, ({lengths},), _cx))"
            )
        parts = [self._text_part(node, depth) for node in (left, right)]
        if isinstance(left, dast.Text) and isinstance(right, dast.Text):
            return f"({parts[0]} + {parts[1]})"
        r = self.fn.temp()
        return f"({r} if _len({r} := {parts[0]} + {parts[1]}) <= _MT else _too_long({r}, _cx))"

    def _text_part(self, node: dast.Expr, depth: int) -> str:
        """The code of an operand of a TEXT join, in its text form."""
        code = self.expr(node, depth + 1)
        kind = self.result_kind(node)
        if kind == "text":
            return code
        if kind == "int":
            return f"_S({code})"
        t = self.fn.temp()
        return f"({t} if _T({t} := {code}) is _S else _text({t}))"

    def _arith(
        self, op: str, a1: str, a: str, b1: str, b: str, lk: str, rk: str, both_simple: bool
    ) -> str:
        helper = {"+": "_add", "-": "_sub", "*": "_mul"}[op]
        slow = f"{helper}({a}, {b})" if op == "*" else f"{helper}({a}, {b}, _cx)"
        r = self.fn.temp()
        if lk in ("text", "null", "decimal", "bool") or rk in ("text", "null", "decimal", "bool"):
            return f"{helper}({a1}, {b1})" if op == "*" else f"{helper}({a1}, {b1}, _cx)"
        guard = _both_int(a1, b1, lk, rk, both_simple)
        fast = f"{guard} and ({r} := {a} {op} {b}).bit_length() < 64"
        if op == "+" and lk != "int" and rk != "int":
            text = f"_T({a}) is _S is _T({b}) and _len({r} := {a} + {b}) <= _MT"
            return f"({r} if {fast} else {r} if {text} else {slow})"
        return f"({r} if {fast} else {slow})"

    def _equality(self, op: str, a1: str, a: str, b1: str, b: str, lk: str, rk: str) -> str:
        negate = op == "!="
        if lk == "null" or rk == "null":
            other = b1 if lk == "null" else a1
            if lk == "null" and rk == "null":
                return "False" if negate else "True"
            return f"({other} {'is not' if negate else 'is'} None)"
        if lk == "text" and rk == "text":
            return f"({a1} {op} {b1})"
        if lk == "text" or rk == "text":  # a text that spells a number equals the number
            slow = f"_ne({a}, {b})" if negate else f"_eq({a}, {b})"
            return f"({a} {op} {b} if _T({a1}) is _T({b1}) else {slow})"
        if lk == "int" and rk == "int":
            return f"({a1} {op} {b1})"
        if lk == "int" or rk == "int":
            check = b1 if lk == "int" else a1
            fast = f"{a} {op} {b}"
            slow = f"_ne({a}, {b})" if negate else f"_eq({a}, {b})"
            return f"({fast} if _T({check}) is _I else {slow})"
        slow = f"_ne({a}, {b})" if negate else f"_eq({a}, {b})"
        return f"({a} {op} {b} if _T({a1}) is _T({b1}) else {slow})"

    def call(self, e: dast.Call, depth: int) -> str:
        name = e.name
        args = [self.expr(a, depth + 1) for a in e.args]
        if name.lower() == "ifnull" and len(args) == 2:
            t = self.fn.temp()
            return f"({t} if ({t} := {args[0]}) is not None else {args[1]})"
        spec = lookup(name)
        if spec is None:
            return f"_unknown({name!r})"
        if spec.effect:
            helper = "_geturl" if spec.name == "getUrl" else "_posturl"
            return f"{helper}(_rt, {self.sid(e.span)}, {self.executed()}, {', '.join(args)})"
        if not args:
            return f"_no_args({spec.name!r})"
        return f"{self.builtin(name)}(_cx, {', '.join(args)})"

    def task_call(self, e: dast.TaskCall, depth: int) -> str:
        args = [self.expr(a, depth + 1) for a in e.args]
        spec = lookup(e.name)
        if spec is not None:
            if not args:
                return f"_no_args({spec.name!r})"
            return f"{self.builtin(e.name)}(_cx, {', '.join(args)})"
        sid = self.sid(e.span)
        return f"_task(_rt, {e.name!r}, [{', '.join(args)}], {sid}, {self.executed()})"

    def method_call(self, e: dast.MethodCall, depth: int) -> str:
        spec = lookup(e.name)
        target = self.expr(e.target, depth + 1)
        if spec is None:
            return f"(({target}), _unknown({e.name!r}))[1]"
        if spec.effect:
            args = [self.expr(a, depth + 1) for a in e.args]
            helper = "_geturl" if spec.name == "getUrl" else "_posturl"
            code = ", ".join([target, *args])
            return f"{helper}(_rt, {self.sid(e.span)}, {self.executed()}, {code})"
        fast = self._inline_method(e, target, depth)
        if fast is not None:
            return fast
        args = [self.expr(a, depth + 1) for a in e.args]
        return f"{self.builtin(e.name)}(_cx, {', '.join([target, *args])})"

    def _inline_method(self, e: dast.MethodCall, target: str, depth: int) -> str | None:
        """Plain Python for the hottest methods on their usual receiver type."""
        name, n = e.name.lower(), len(e.args)
        m = self.builtin(e.name)
        t = self.fn.temp()
        if n == 0:
            template = {
                "length": ("_S", f"_len({t})"),
                "len": ("_S", f"_len({t})"),
                "touppercase": ("_S", f"{t}.upper()"),
                "tolowercase": ("_S", f"{t}.lower()"),
                "trim": ("_S", f"{t}.strip()"),
                "size": ("_L", f"_len({t})"),
                "isempty": ("_L", f"not {t}"),
            }.get(name)
            if template is None:
                return None
            kind, fast = template
            if kind == "_S" and self.result_kind(e.target) == "text":
                return f"({fast.replace(t, f'({target})')})"
            return f"({fast} if _T({t} := {target}) is {kind} else {m}(_cx, {t}))"
        if n != 1:
            return None
        arg_node = e.args[0]
        arg = self.expr(arg_node, depth + 1)
        if name == "get" and _simple(arg_node):
            ak = self.kind(arg_node)
            if ak == "text":
                return f"({t}.get({arg}) if _T({t} := {target}) is _D else {m}(_cx, {t}, {arg}))"
            if ak == "int":
                return (
                    f"({t}[{arg}] if _T({t} := {target}) is _L and 0 <= {arg} < _len({t}) "
                    f"else {m}(_cx, {t}, {arg}))"
                )
            k = self.fn.temp()
            return (
                f"({t}.get({arg}) if ({k} := _T({t} := {target})) is _D and "
                f"_T({arg}) is _S else {t}[{arg}] if {k} is _L and _T({arg}) is _I "
                f"and 0 <= {arg} < _len({t}) else {m}(_cx, {t}, {arg}))"
            )
        if name == "add":
            return (
                f"({t}.append({arg}) if _T({t} := {target}) is _L and _len({t}) < _MC "
                f"else {m}(_cx, {t}, {arg}))"
            )
        if name == "contains" and _simple(arg_node):
            check = "" if self.kind(arg_node) == "text" else f" and _T({arg}) is _S"
            if self.result_kind(e.target) == "text" and not check:
                return f"({arg} in ({target}))"
            return f"({arg} in {t} if _T({t} := {target}) is _S{check} else {m}(_cx, {t}, {arg}))"
        return f"{m}(_cx, {target}, {arg})"


def _catcher(program: Program) -> Callable[[Any], Any]:
    """`_caught(error)` for `catch (e)`: the error value, its line found from the traceback."""
    from cliqsim.deluge.values import CaughtError

    def caught(error: DelugeRuntimeError) -> CaughtError:
        if error.span is None:
            error.span = program.locate(error.__traceback__)
        return CaughtError(error.line, error.message)

    return caught


# --------------------------------------------------------------------------- analysis helpers

_WHOLE_OPS = {"+", "-", "*", "%", "==", "!=", "<", ">", "<=", ">=", "&&", "||"}


def _depth(e: object) -> int:
    """The depth of an expression tree (1 for a leaf)."""
    deepest, stack = 0, [(e, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in _children(node))
    return deepest


def loop_guards(
    stmt: dast.ForEach,
    bound: Bound,
    whole_number_names: Callable[[dast.Expr], set[str] | None],
    texts: frozenset[str] = frozenset(),
) -> Known:
    """The variables of a loop worth checking once per iteration, with the type to check: the
    loop variable and variables the body assigns, where every way through the body reads them
    (before assigning them) as that type: in NUMBER arithmetic (`whole_number_names` gives the
    variables of an expression the compiler runs as plain NUMBER arithmetic) or as the receiver
    of a TEXT method compiled inline. Empty for a body with a loop of its own or a long one
    (each gets a second copy)."""
    body = stmt.body
    inside = [s for top in body for s in statements(top)]
    if stmt.index or len(inside) > MAX_SPECIALIZED:
        return {}
    if any(isinstance(s, dast.ForEach | dast.TryCatch) for s in inside):
        return {}
    carried = assigned_names(body)
    candidates = {stmt.var} | (carried & bound)
    votes: dict[str, set[str]] = {}
    for expr in expressions(body):
        for name, kind in typed_uses(expr, whole_number_names, texts):
            votes.setdefault(name, set()).add(kind)
    guards: Known = {}
    for name in sorted(candidates):
        kinds = votes.get(name, set())
        if len(kinds) != 1:
            continue
        kind = next(iter(kinds))
        if _read_first_on_every_way(body, name, kind, whole_number_names, texts):
            guards[name] = kind
    return guards


def _read_first_on_every_way(
    body: tuple[dast.Stmt, ...],
    name: str,
    kind: str,
    whole_number_names: Callable[[dast.Expr], set[str] | None],
    texts: frozenset[str],
) -> bool:
    """Whether every way through `body` reads `name` as `kind` before any assignment of it."""
    for stmt in body:
        for expr in _evaluated(stmt):
            if (name, kind) in typed_uses(expr, whole_number_names, texts):
                return True
        if isinstance(stmt, dast.If) and stmt.else_body is not None:
            bodies = [b for _, b in stmt.branches] + [stmt.else_body]
            if all(
                _read_first_on_every_way(b, name, kind, whole_number_names, texts) for b in bodies
            ):
                return True
        if name in assigned_names((stmt,)) or isinstance(
            stmt, dast.Break | dast.Continue | dast.Return
        ):
            return False
    return False


def _evaluated(stmt: dast.Stmt) -> Iterator[dast.Expr]:
    """The expressions a statement evaluates on every way through it (an if: its first
    condition; a loop: what it walks)."""
    if isinstance(stmt, dast.Assign | dast.Info):
        yield stmt.value
    elif isinstance(stmt, dast.ExprStmt):
        yield stmt.expr
    elif isinstance(stmt, dast.Return) and stmt.value is not None:
        yield stmt.value
    elif isinstance(stmt, dast.If):
        yield stmt.branches[0][0]
    elif isinstance(stmt, dast.ForEach):
        yield stmt.iterable


def _whole_number_names(e: dast.Expr) -> set[str] | None:
    """The variables of `e` when it is compiled as plain NUMBER arithmetic, else None."""
    shape = _whole_number_shape(e) if isinstance(e, dast.Unary | dast.Binary) else None
    return shape[0] if shape is not None else None


def _first_run(body: tuple[dast.Stmt, ...]) -> int:
    """How many statements the first straight-line run of `body` has."""
    for index, stmt in enumerate(body):
        if not isinstance(stmt, dast.Assign | dast.ExprStmt | dast.Info):
            return index + 1
    return len(body)


def _foldable_if(stmt: dast.Stmt) -> int:
    """For an if/else whose every branch starts with a run of the same length k, k (the
    statements any path through its start executes); else 0."""
    if not isinstance(stmt, dast.If) or stmt.else_body is None:
        return 0
    runs = {_first_run(body) for _, body in stmt.branches} | {_first_run(stmt.else_body)}
    return runs.pop() if len(runs) == 1 else 0


def _whole_number_shape(e: dast.Expr) -> tuple[set[str], set[str]] | None:
    """For an expression of NUMBER variables, NUMBER constants, + - * (and % by a positive
    constant of a variable), comparisons and && || ! of those: (variables read, variables that
    must not be negative). None for anything else."""
    if isinstance(e, dast.Number):
        return (set(), set()) if MIN_NUMBER <= e.value <= MAX_NUMBER else None
    if isinstance(e, dast.Name):
        return {e.name}, set()
    if isinstance(e, dast.Unary):
        inner = _whole_number_shape(e.operand)
        if inner is None or (e.op == "!") != _is_comparison_tree(e.operand):
            return None
        return inner
    if isinstance(e, dast.Binary) and e.op in _WHOLE_OPS:
        if e.op in ("&&", "||"):
            if not (_is_comparison_tree(e.left) and _is_comparison_tree(e.right)):
                return None
        elif e.op in _BOOLEAN_OPS:
            if _is_comparison_tree(e.left) or _is_comparison_tree(e.right):
                return None
        elif _is_comparison_tree(e.left) or _is_comparison_tree(e.right):
            return None
        if e.op == "%":
            if not (isinstance(e.left, dast.Name) and right_positive(e.right)):
                return None
            return {e.left.name}, {e.left.name}
        divided = divisibility(e) if e.op in ("==", "!=") else None
        if divided is not None:
            # `x % c == 0`: Java's remainder (the dividend's sign) and Python's (the divisor's)
            # are 0 for the same x, so x may be negative here
            return {divided}, set()
        left, right = _whole_number_shape(e.left), _whole_number_shape(e.right)
        if left is None or right is None:
            return None
        return left[0] | right[0], left[1] | right[1]
    return None


def _is_comparison_tree(e: dast.Expr) -> bool:
    return (isinstance(e, dast.Binary) and e.op in _BOOLEAN_OPS) or (
        isinstance(e, dast.Unary) and e.op == "!"
    )


def _whole_number_code(e: dast.Expr) -> str:
    if isinstance(e, dast.Number):
        return repr(e.value)
    if isinstance(e, dast.Name):
        return variable(e.name)
    if isinstance(e, dast.Unary):
        inner = _whole_number_code(e.operand)
        return f"(not {inner})" if e.op == "!" else f"(-{inner})"
    assert isinstance(e, dast.Binary)
    op = {"&&": "and", "||": "or"}.get(e.op, e.op)
    return f"({_whole_number_code(e.left)} {op} {_whole_number_code(e.right)})"


def right_positive(e: dast.Expr) -> bool:
    return isinstance(e, dast.Number) and e.value > 0


def _both_int(a1: str, b1: str, lk: str, rk: str, both_simple: bool) -> str:
    checks = []
    if lk != "int":
        checks.append(f"_T({a1}) is _I")
    if rk != "int":
        checks.append(f"_T({b1}) is _I")
    if not checks:
        return "True"
    if len(checks) == 1 or both_simple:
        return "(" + " and ".join(checks) + ")"
    return "((" + ") & (".join(checks) + "))"


def _simple(e: dast.Expr) -> bool:
    return isinstance(e, dast.Name | dast.Number | dast.Boolean | dast.Null) or (
        isinstance(e, dast.Text) and not e.single_quoted
    )


def _kind(e: dast.Expr) -> str:
    if isinstance(e, dast.Number):
        return "int"
    if isinstance(e, dast.Text) and not e.single_quoted:
        return "text"
    if isinstance(e, dast.Decimal):
        return "decimal"
    if isinstance(e, dast.Null):
        return "null"
    if isinstance(e, dast.Boolean):
        return "bool"
    return "?"


_TEXT_RESULTS = frozenset(
    "touppercase tolowercase trim ltrim rtrim substring subtext mid left right leftpad rightpad "
    "repeat replaceall replacefirst replaceallignorecase replacefirstignorecase concat proper "
    "getalpha getalphanumeric removeallalpha removeallalphanumeric removefirstoccurence "
    "removelastoccurence tostring totext encodeurl urlencode urldecode base64encode "
    "base64decode texttohex hextotext".split()
)
_PATTERN_MAY_GIVE_NULL = frozenset(("tostring", "totext"))
_INT_RESULTS = frozenset("length len size indexof lastindexof getoccurencecount find".split())


def _result_kind(e: dast.Expr) -> str:
    """The type an expression surely has when it does not fail: "text", "int" or "?"."""
    if isinstance(e, dast.Text):
        return "?" if e.single_quoted else "text"
    if isinstance(e, dast.Number):
        return "int"
    if isinstance(e, dast.Binary) and e.op == "+":
        if "text" in (_result_kind(e.left), _result_kind(e.right)):
            return "text"
        return "?"
    if isinstance(e, dast.MethodCall | dast.Call):
        name = e.name.lower()
        receiver_args = 0 if isinstance(e, dast.MethodCall) else 1
        if name in _PATTERN_MAY_GIVE_NULL and len(e.args) > receiver_args:
            return "?"  # toString(pattern) is null for a pattern letter that is no literal
        if name in _TEXT_RESULTS:
            return "text"
        if name in _INT_RESULTS:
            return "int"
    return "?"


def _is_boolean(e: dast.Expr) -> bool:
    if isinstance(e, dast.Boolean):
        return True
    if isinstance(e, dast.Binary):
        return e.op in _BOOLEAN_OPS
    return isinstance(e, dast.Unary) and e.op == "!"


def _children(node: object) -> Iterator[object]:
    for name in getattr(node, "__slots__", ()):
        value = getattr(node, name)
        if isinstance(value, tuple):
            yield from _flatten(value)
        elif value is not None and not isinstance(value, str | int | bool | Span):
            yield value


def _flatten(items: tuple[object, ...]) -> Iterator[object]:
    """Nodes inside nested tuples, such as `If.branches` = ((condition, (stmt, ...)), ...)."""
    for item in items:
        if isinstance(item, tuple):
            yield from _flatten(item)
        else:
            yield item


def _walk(node: Node) -> list[Node]:
    """`node` and every node inside it (in no particular order)."""
    found = [node]
    for current in found:  # grows as it goes: each node's children are walked in turn
        found.extend(children(current))
    return found


def _names_in(e: dast.Expr) -> set[str]:
    return {n.name for n in _walk(e) if isinstance(n, dast.Name)}


def _names_read(body: tuple[dast.Stmt, ...]) -> set[str]:
    names: set[str] = set()
    for stmt in body:
        for node in _walk(stmt):
            if isinstance(node, dast.Name):
                names.add(node.name)
            elif isinstance(node, dast.Assign) and node.op != "=":
                names.add(node.target)
    return names
