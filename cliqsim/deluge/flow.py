"""Data flow: where the values a script reads from its inputs end up, read from the AST alone.

`flows(script, sources)` follows each *source* — a name the script is given (the caller says
which: the Deluge layer knows no Cliq objects) and each field read from it with a literal key
(`user.get("email")` is source `user`, field `email`) — through assignments, expressions,
collections the script fills (`rows.add(x)`, `m.put(k, x)`), branches and loops, to the places a
value leaves the script:

- `invokeurl` / `sendmail` parameters (`url`, `parameters`, `body`, `headers`, `to`, `message`,
  ...), legacy `getUrl` / `postUrl` arguments;
- arguments of integration tasks and saved functions (`zoho.cliq.postToChannel("sales", x)`),
  with the arguments that are literal texts, so a caller can say "posted to #sales";
- `info` (the log) and `return` (the handler's answer).

The pass (a `cliqsim.deluge.walk.Pass`) is flow-sensitive on variables (a later `x = "text"`
forgets what `x` held), merges branches by union and runs loop bodies until nothing new is
learned; like the effect inventory it over-approximates rather than miss a flow (a method call
on a value carries the value's sources into its result; a value passed to a method of a variable
may end up in that variable).

    >>> flows(parse('x = user.get("email"); info x;'), ["user"])
    (Flow(source='user', field='email', sink=Sink(kind='info', ...)),)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from cliqsim.deluge import ast as dast
from cliqsim.deluge.source import Span
from cliqsim.deluge.walk import Node, Pass, children, handles

SinkKind = Literal["invokeurl", "getUrl", "postUrl", "sendmail", "task", "info", "return"]
Label = tuple[str, str | None]  # (source name, field read with a literal key or None: whole)
Env = dict[str, frozenset[Label]]

_FIELD_READS = frozenset({"get", "getjson"})
_LEGACY_URL = {"geturl": "getUrl", "posturl": "postUrl"}
_MAX_LOOP_ROUNDS = 4


@dataclass(frozen=True, slots=True)
class Sink:
    """Where a value leaves the script. `name` is the task's name for `task` (else the kind);
    `part` the parameter (`parameters`, `to`), `argument 2`, or `` for `info` and `return`;
    `span` the whole call or statement; `literals` each argument's text when it is a literal
    text (tasks and legacy URL calls), else None."""

    kind: SinkKind
    name: str
    part: str
    span: Span
    literals: tuple[str | None, ...] = ()


@dataclass(frozen=True, slots=True)
class Flow:
    """The value of `source` (its `field`, or the whole value when None) may reach `sink`."""

    source: str
    field: str | None
    sink: Sink


def flows(
    script: dast.Script, sources: Iterable[str], variables: Iterable[str] = ()
) -> tuple[Flow, ...]:
    """Every flow from `sources` (input names) and `variables` (system variables such as
    `zoho.loginuserid`, compared without case) to a sink, once each, in source order of the
    sinks."""
    env: Env = {name.lower(): frozenset({(name, None)}) for name in sources}
    if script.signature is not None:
        for param in script.signature.params:
            env.pop(param.name.lower(), None)
    tracker = _Tracker(frozenset(v.lower() for v in variables), env)
    tracker.visit(script)
    found = sorted(
        tracker.found,
        key=lambda f: (f.sink.span.line, f.sink.span.column, f.sink.part, f.source, f.field or ""),
    )
    return tuple(found)


def _union(*sets: Iterable[Label]) -> frozenset[Label]:
    out: set[Label] = set()
    for labels in sets:
        out.update(labels)
    return frozenset(out)


def _merge(envs: Iterable[Env]) -> Env:
    merged: dict[str, set[Label]] = {}
    for env in envs:
        for name, labels in env.items():
            merged.setdefault(name, set()).update(labels)
    return {name: frozenset(labels) for name, labels in merged.items()}


class _Tracker(Pass[frozenset[Label]]):
    """Visits give the labels of the value a node produces (statements: none); `self.env` is
    what each variable may hold at this point, updated in place."""

    THROUGH = frozenset(
        {
            # values made of their parts' values, in source order
            dast.ListLiteral,
            dast.Unary,
            dast.Binary,
            dast.IfExpr,
            dast.ExprStmt,
            # nothing flows from these
            dast.Text,
            dast.Number,
            dast.Decimal,
            dast.Boolean,
            dast.Null,
            dast.Break,
            dast.Continue,
            dast.BlockParam,
            dast.Signature,
            dast.Param,
            # Creator syntax: refused by the checks and the compiler, never run
            dast.CreatorFetch,
            dast.CreatorStatement,
        }
    )

    def __init__(self, variables: frozenset[str], env: Env) -> None:
        self._variables = variables
        self.env = env
        self.found: set[Flow] = set()

    def through(self, node: Node) -> frozenset[Label]:
        return _union(*(self.visit(child) for child in children(node)))

    def _sink(self, labels: Iterable[Label], sink: Sink) -> None:
        for source, field in labels:
            self.found.add(Flow(source, field, sink))

    # ---- statements (each updates `self.env` in place)

    def block(self, body: Iterable[dast.Stmt], env: Env) -> Env:
        """Walk `body` in `env` (which it updates); gives `env`."""
        outer, self.env = self.env, env
        try:
            self.visit_all(body)
        finally:
            self.env = outer
        return env

    @handles(dast.Script)
    def script(self, script: dast.Script) -> frozenset[Label]:
        self.visit_all(script.body)
        return frozenset()

    @handles(dast.Assign)
    def assign(self, stmt: dast.Assign) -> frozenset[Label]:
        labels = self.visit(stmt.value)
        if stmt.op != "=":
            labels = _union(labels, self.env.get(stmt.target, ()))
        self.env[stmt.target] = labels
        return frozenset()

    @handles(dast.Info)
    def info(self, stmt: dast.Info) -> frozenset[Label]:
        self._sink(self.visit(stmt.value), Sink("info", "info", "", stmt.span))
        return frozenset()

    @handles(dast.Return)
    def return_(self, stmt: dast.Return) -> frozenset[Label]:
        if stmt.value is not None:
            self._sink(self.visit(stmt.value), Sink("return", "return", "", stmt.span))
        return frozenset()

    @handles(dast.If)
    def if_(self, stmt: dast.If) -> frozenset[Label]:
        env = self.env
        outcomes = []
        for condition, branch in stmt.branches:
            self.visit(condition)
            outcomes.append(self.block(branch, dict(env)))
        if stmt.else_body is not None:
            outcomes.append(self.block(stmt.else_body, dict(env)))
        else:
            outcomes.append(dict(env))
        env.update(_merge(outcomes))
        return frozenset()

    @handles(dast.ForEach)
    def for_each(self, loop: dast.ForEach) -> frozenset[Label]:
        element = self.visit(loop.iterable)
        env = self.env
        state = dict(env)
        for _ in range(_MAX_LOOP_ROUNDS):
            inner = dict(state)
            inner[loop.var] = frozenset() if loop.index else element
            self.block(loop.body, inner)
            merged = _merge([state, inner])
            if merged == state:
                break
            state = merged
        env.update(state)
        return frozenset()

    @handles(dast.TryCatch)
    def try_catch(self, stmt: dast.TryCatch) -> frozenset[Label]:
        env = self.env
        tried = self.block(stmt.body, dict(env))
        caught = _merge([env, tried])
        caught[stmt.error_name] = frozenset()
        self.block(stmt.handler, caught)
        env.update(_merge([tried, caught]))
        return frozenset()

    # ---- expressions: the labels of the value

    @handles(dast.Name)
    def name(self, expr: dast.Name) -> frozenset[Label]:
        return self.env.get(expr.name, frozenset())

    @handles(dast.SystemVariable)
    def system_variable(self, expr: dast.SystemVariable) -> frozenset[Label]:
        name = expr.name.lower()
        return frozenset({(name, None)}) if name in self._variables else frozenset()

    @handles(dast.Call)
    def call(self, expr: dast.Call) -> frozenset[Label]:
        labels = [self.visit(a) for a in expr.args]
        kind = _LEGACY_URL.get(expr.name.lower())
        if kind is not None:
            sink_kind: SinkKind = "getUrl" if kind == "getUrl" else "postUrl"
            literals = _literals(expr.args)
            for index, arg_labels in enumerate(labels):
                part = "url" if index == 0 else f"argument {index + 1}"
                self._sink(arg_labels, Sink(sink_kind, kind, part, expr.span, literals))
            return frozenset()
        return _union(*labels)

    @handles(dast.MapLiteral, dast.Construct)
    def map_or_construct(self, expr: dast.MapLiteral | dast.Construct) -> frozenset[Label]:
        entries = _union(*(self.visit(v) | self.visit(k) for k, v in expr.entries))
        if isinstance(expr, dast.Construct):
            entries |= _union(*(self.visit(a) for a in expr.args))
        return entries

    @handles(dast.MethodCall)
    def method_call(self, call: dast.MethodCall) -> frozenset[Label]:
        target = self.visit(call.target)
        args = _union(*(self.visit(a) for a in call.args))
        if (
            call.name.lower() in _FIELD_READS
            and len(call.args) == 1
            and isinstance(call.args[0], dast.Text)
        ):
            key = call.args[0].value
            return frozenset((source, key if field is None else field) for source, field in target)
        env = self.env
        if args and isinstance(call.target, dast.Name) and call.target.name in env:
            # `rows.add(x)`, `m.put("k", x)`: the variable may now hold x
            env[call.target.name] = env[call.target.name] | args
        elif args and isinstance(call.target, dast.Name):
            env[call.target.name] = args
        return target | args

    @handles(dast.TaskCall)
    def task_call(self, call: dast.TaskCall) -> frozenset[Label]:
        literals = _literals(call.args)
        for index, arg in enumerate(call.args):
            self._sink(
                self.visit(arg),
                Sink("task", call.name, f"argument {index + 1}", call.span, literals),
            )
        return frozenset()

    @handles(dast.BlockTask)
    def block_task(self, block: dast.BlockTask) -> frozenset[Label]:
        kind: SinkKind = "sendmail" if block.task == "sendmail" else "invokeurl"
        for param in block.params:
            self._sink(self.visit(param.value), Sink(kind, kind, param.key, block.span))
        return frozenset()


def _literals(args: Iterable[dast.Expr]) -> tuple[str | None, ...]:
    return tuple(a.value if isinstance(a, dast.Text) else None for a in args)


def by_source(found: Iterable[Flow]) -> Mapping[Label, tuple[Flow, ...]]:
    """The flows grouped by (source, field), in order."""
    grouped: dict[Label, list[Flow]] = {}
    for flow in found:
        grouped.setdefault((flow.source, flow.field), []).append(flow)
    return {label: tuple(items) for label, items in grouped.items()}
