"""Static checks that need no knowledge of Cliq: what Deluge itself refuses when a script is saved.

`check(script, predeclared)` walks the AST once, in source order (a `cliqsim.deluge.walk.Pass`),
and returns diagnostics:

* `break-outside-loop`, `continue-outside-loop` (errors): `break;` / `continue;` outside
  `for each`.
* `undefined-variable` (error): a name read before any statement above it assigns it
  ("Variable 'x' is not defined"). Deluge is lenient about flow and so is this check: an
  assignment anywhere earlier in the text counts, even inside an `if` branch or a loop body; the
  `for each` variable, the `catch` variable and the signature's parameters are defined.
  Each name is reported once, at its first read.
* `creator-syntax` (error): Zoho Creator syntax the parser read (`Form[criteria]`, `insert
  into`, `delete from`, a function definition among statements), named as such with what to use
  in Cliq (`cliqsim.deluge.creator_syntax`).
* `unknown-function` and `arity`, against `cliqsim.deluge.builtins.lookup`: a call of an unknown
  name, in either style, is an error as in Deluge's save ("Not able to find 'toLsit' function (did
  you mean 'toList'?)"); a wrong argument count in a function-style call is an error ("Number of
  Arguments mismatches"); for method calls the receiver's type is unknown here, so a wrong count
  is a warning. While the built-in table is empty nothing is reported for these two.

The AST is at most `cliqsim.deluge.parser.MAX_DEPTH` deep, so the recursive walk is safe.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from cliqsim.deluge import ast as dast
from cliqsim.deluge import builtins
from cliqsim.deluge.builtins import BuiltinSpec
from cliqsim.deluge.creator_syntax import message as creator_message
from cliqsim.deluge.errors import Diagnostic
from cliqsim.deluge.source import Span
from cliqsim.deluge.walk import Pass, handles

ERROR, WARNING = "error", "warning"

# Calls the checks never look up: language forms, not built-ins.
_NOT_BUILTINS = frozenset({"ifnull", "if"})
# Property reads of a caught error (`e.message`, `e.lineNo`), parsed as argument-less calls.
_ERROR_PROPERTIES = frozenset({"message", "lineno"})


def check(script: dast.Script, predeclared: Iterable[str] = ()) -> list[Diagnostic]:
    """The diagnostics of `script`, in source order. `predeclared` are the names the script
    finds bound when it runs (a Cliq handler's inputs: the caller says which)."""
    checker = _Checker({name.lower() for name in predeclared})
    checker.visit(script)
    return sorted(checker.found, key=lambda d: (d.span.start, d.span.line, d.span.column))


def free_names(script: dast.Script) -> set[str]:
    """The names `script` reads before any statement assigns them: the inputs it expects to
    find bound (for a Cliq handler, which of Cliq's handler inputs it reads)."""
    checker = _Checker(set())
    checker.visit(script)
    return checker.undefined


class _Checker(Pass[None]):
    THROUGH = frozenset(
        {
            # statements and expressions whose parts are all there is to check
            dast.ExprStmt,
            dast.If,
            dast.Return,
            dast.Info,
            dast.Binary,
            dast.Unary,
            dast.ListLiteral,
            dast.MapLiteral,
            dast.Construct,
            dast.IfExpr,
            dast.TaskCall,
            dast.BlockTask,
            dast.BlockParam,
            # nothing to check
            dast.Text,
            dast.Number,
            dast.Decimal,
            dast.Boolean,
            dast.Null,
            dast.SystemVariable,
            dast.Signature,
            dast.Param,
        }
    )

    def __init__(self, predeclared: set[str]) -> None:
        self.defined = predeclared
        self.undefined: set[str] = set()
        self.found: list[Diagnostic] = []
        self.loop_depth = 0
        self._table_known = _builtin_table_filled()

    def report(self, severity: str, code: str, message: str, span: Span) -> None:
        self.found.append(Diagnostic(severity, code, message, span))

    # -- statements ----------------------------------------------------------------------------

    @handles(dast.Script)
    def script(self, node: dast.Script) -> None:
        if node.signature is not None:
            self.defined.update(param.name.lower() for param in node.signature.params)
        self.visit_all(node.body)

    @handles(dast.Assign)
    def assign(self, node: dast.Assign) -> None:
        if node.op != "=":
            self.read(node.target, node.target_span)
        self.visit(node.value)
        self.defined.add(node.target)

    @handles(dast.ForEach)
    def for_each(self, node: dast.ForEach) -> None:
        self.visit(node.iterable)
        self.defined.add(node.var)
        self.loop_depth += 1
        try:
            self.visit_all(node.body)
        finally:
            self.loop_depth -= 1

    @handles(dast.TryCatch)
    def try_catch(self, node: dast.TryCatch) -> None:
        self.visit_all(node.body)
        self.defined.add(node.error_name)
        self.visit_all(node.handler)

    @handles(dast.CreatorFetch, dast.CreatorStatement)
    def creator(self, node: dast.CreatorFetch | dast.CreatorStatement) -> None:
        # Its parts name Creator's fields and a definition's own parameters: not checked here.
        self.report(ERROR, "creator-syntax", creator_message(node), node.span)

    @handles(dast.Break, dast.Continue)
    def break_or_continue(self, node: dast.Break | dast.Continue) -> None:
        if self.loop_depth == 0:
            word = "break" if isinstance(node, dast.Break) else "continue"
            self.report(
                ERROR,
                f"{word}-outside-loop",
                f"'{word}' can only be used inside a 'for each' loop",
                node.span,
            )

    # -- expressions ---------------------------------------------------------------------------

    def read(self, name: str, span: Span, spelled: str = "") -> None:
        if name not in self.defined:
            shown = spelled or name
            self.report(ERROR, "undefined-variable", f"Variable '{shown}' is not defined", span)
            self.undefined.add(name)
            self.defined.add(name)  # once per name

    @handles(dast.Name)
    def name(self, node: dast.Name) -> None:
        self.read(node.name, node.span, node.spelled)

    @handles(dast.Call)
    def call(self, node: dast.Call) -> None:
        self.visit_all(node.args)
        self.function_call(node)

    @handles(dast.MethodCall)
    def method(self, node: dast.MethodCall) -> None:
        self.visit(node.target)
        self.visit_all(node.args)
        self.method_call(node)

    # -- built-ins -----------------------------------------------------------------------------

    def function_call(self, node: dast.Call) -> None:
        if not self._table_known or node.name.lower() in _NOT_BUILTINS:
            return
        spec = _lookup(node.name)
        if spec is None:
            self.report(ERROR, "unknown-function", _not_found(node.name), node.span)
            return
        if not spec.function:
            self.report(
                WARNING,
                "unknown-function",
                f"'{node.name}' is called on a value (value.{node.name}(...)), not as "
                f"{node.name}(value, ...)",
                node.span,
            )
            return
        low, high = _arity(spec)
        given = len(node.args) - 1  # the first argument is the value it works on
        if given < low or (high is not None and given > high):
            expected = _expected_count(low + 1, None if high is None else high + 1)
            self.report(
                ERROR,
                "arity",
                f"Number of Arguments mismatches: {node.name}() takes {expected}, "
                f"given {len(node.args)}",
                node.span,
            )

    def method_call(self, node: dast.MethodCall) -> None:
        if not self._table_known:
            return
        if not node.args and node.name.lower() in _ERROR_PROPERTIES:
            return
        spec = _lookup(node.name)
        if spec is None:
            self.report(ERROR, "unknown-function", _not_found(node.name), node.name_span)
            return
        low, high = _arity(spec)
        given = len(node.args)
        if given < low or (high is not None and given > high):
            self.report(
                WARNING,
                "arity",
                f"Number of Arguments mismatches: .{node.name}() takes "
                f"{_expected_count(low, high)}, given {given}",
                node.name_span,
            )


def _not_found(name: str) -> str:
    """Deluge's save error for an unknown function, with the nearest built-in names."""
    close = difflib.get_close_matches(name.lower(), list(builtins.BUILTINS), n=3, cutoff=0.75)
    names = [builtins.BUILTINS[key].name for key in close]
    hint = f" (did you mean {' or '.join(repr(n) for n in names)}?)" if names else ""
    return f"Not able to find '{name}' function{hint}"


def _builtin_table_filled() -> bool:
    return bool(builtins.BUILTINS)


def _lookup(name: str) -> BuiltinSpec | None:
    return builtins.lookup(name)


def _arity(spec: BuiltinSpec) -> tuple[int, int | None]:
    """The widest argument range over the spec and each receiver type's form."""
    low, high = spec.min_args, spec.max_args
    for _impl, impl_low, impl_high in spec.impls.values():
        low = min(low, impl_low)
        if high is not None:
            high = None if impl_high is None else max(high, impl_high)
    return low, high


def _expected_count(low: int, high: int | None) -> str:
    if high is None:
        return f"at least {low} argument{'s' if low != 1 else ''}"
    if low == high:
        return f"{low} argument{'s' if low != 1 else ''}"
    return f"{low} to {high} arguments"
