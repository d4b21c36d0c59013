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

The pass is flow-sensitive on variables (a later `x = "text"` forgets what `x` held), merges
branches by union and runs loop bodies until nothing new is learned; like the effect inventory
it over-approximates rather than miss a flow (a method call on a value carries the value's
sources into its result; a value passed to a method of a variable may end up in that variable).

    >>> flows(parse('x = user.get("email"); info x;'), ["user"])
    (Flow(source='user', field='email', sink=Sink(kind='info', ...)),)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from cliqsim.deluge import ast as dast
from cliqsim.deluge.source import Span

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
    tracker = _Tracker(frozenset(v.lower() for v in variables))
    env: Env = {name: frozenset({(name, None)}) for name in sources}
    if script.signature is not None:
        for param in script.signature.params:
            env.pop(param.name, None)
    tracker.block(script.body, env)
    found = sorted(
        tracker.found,
        key=lambda f: (f.sink.span.line, f.sink.span.column, f.sink.part, f.source,
                       f.field or ""),
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


class _Tracker:
    def __init__(self, variables: frozenset[str]) -> None:
        self._variables = variables
        self.found: set[Flow] = set()

    def _sink(self, labels: Iterable[Label], sink: Sink) -> None:
        for source, field in labels:
            self.found.add(Flow(source, field, sink))

    # ---- statements (each updates `env` in place)

    def block(self, body: Iterable[dast.Stmt], env: Env) -> None:
        for stmt in body:
            self.stmt(stmt, env)

    def stmt(self, stmt: dast.Stmt, env: Env) -> None:
        if isinstance(stmt, dast.Assign):
            labels = self.expr(stmt.value, env)
            if stmt.op != "=":
                labels = _union(labels, env.get(stmt.target, ()))
            env[stmt.target] = labels
        elif isinstance(stmt, dast.ExprStmt):
            self.expr(stmt.expr, env)
        elif isinstance(stmt, dast.Info):
            self._sink(self.expr(stmt.value, env), Sink("info", "info", "", stmt.span))
        elif isinstance(stmt, dast.Return):
            if stmt.value is not None:
                self._sink(self.expr(stmt.value, env), Sink("return", "return", "", stmt.span))
        elif isinstance(stmt, dast.If):
            outcomes = []
            for condition, branch in stmt.branches:
                self.expr(condition, env)
                inner = dict(env)
                self.block(branch, inner)
                outcomes.append(inner)
            if stmt.else_body is not None:
                inner = dict(env)
                self.block(stmt.else_body, inner)
                outcomes.append(inner)
            else:
                outcomes.append(dict(env))
            env.update(_merge(outcomes))
        elif isinstance(stmt, dast.ForEach):
            element = self.expr(stmt.iterable, env)
            self._loop(stmt, element, env)
        elif isinstance(stmt, dast.TryCatch):
            tried = dict(env)
            self.block(stmt.body, tried)
            caught = _merge([env, tried])
            caught[stmt.error_name] = frozenset()
            self.block(stmt.handler, caught)
            env.update(_merge([tried, caught]))
        # Break / Continue move no values

    def _loop(self, loop: dast.ForEach, element: frozenset[Label], env: Env) -> None:
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

    # ---- expressions: the labels of the value

    def _all(self, exprs: Iterable[dast.Expr], env: Env) -> frozenset[Label]:
        return _union(*(self.expr(e, env) for e in exprs))

    def expr(self, expr: dast.Expr, env: Env) -> frozenset[Label]:
        if isinstance(expr, dast.Name):
            return env.get(expr.name, frozenset())
        if isinstance(expr, dast.SystemVariable):
            name = expr.name.lower()
            return frozenset({(name, None)}) if name in self._variables else frozenset()
        if isinstance(expr, dast.MethodCall):
            return self._method_call(expr, env)
        if isinstance(expr, dast.TaskCall):
            self._task_call(expr, env)
            return frozenset()
        if isinstance(expr, dast.BlockTask):
            self._block_task(expr, env)
            return frozenset()
        if isinstance(expr, dast.Call):
            labels = [self.expr(a, env) for a in expr.args]
            kind = _LEGACY_URL.get(expr.name.lower())
            if kind is not None:
                sink_kind: SinkKind = "getUrl" if kind == "getUrl" else "postUrl"
                literals = _literals(expr.args)
                for index, arg_labels in enumerate(labels):
                    part = "url" if index == 0 else f"argument {index + 1}"
                    self._sink(arg_labels, Sink(sink_kind, kind, part, expr.span, literals))
                return frozenset()
            return _union(*labels)
        if isinstance(expr, dast.ListLiteral):
            return self._all(expr.items, env)
        if isinstance(expr, dast.MapLiteral | dast.Construct):
            entries = _union(*(self.expr(v, env) | self.expr(k, env) for k, v in expr.entries))
            if isinstance(expr, dast.Construct):
                entries |= self._all(expr.args, env)
            return entries
        if isinstance(expr, dast.Unary):
            return self.expr(expr.operand, env)
        if isinstance(expr, dast.Binary):
            return self.expr(expr.left, env) | self.expr(expr.right, env)
        if isinstance(expr, dast.IfExpr):
            return self._all((expr.condition, expr.when_true, expr.when_false), env)
        return frozenset()  # literals carry nothing

    def _method_call(self, call: dast.MethodCall, env: Env) -> frozenset[Label]:
        target = self.expr(call.target, env)
        args = self._all(call.args, env)
        if (
            call.name.lower() in _FIELD_READS
            and len(call.args) == 1
            and isinstance(call.args[0], dast.Text)
        ):
            key = call.args[0].value
            return frozenset((source, key if field is None else field)
                             for source, field in target)
        if args and isinstance(call.target, dast.Name) and call.target.name in env:
            # `rows.add(x)`, `m.put("k", x)`: the variable may now hold x
            env[call.target.name] = env[call.target.name] | args
        elif args and isinstance(call.target, dast.Name):
            env[call.target.name] = args
        return target | args

    def _task_call(self, call: dast.TaskCall, env: Env) -> None:
        literals = _literals(call.args)
        for index, arg in enumerate(call.args):
            self._sink(self.expr(arg, env),
                       Sink("task", call.name, f"argument {index + 1}", call.span, literals))

    def _block_task(self, block: dast.BlockTask, env: Env) -> None:
        kind: SinkKind = "sendmail" if block.task == "sendmail" else "invokeurl"
        for param in block.params:
            self._sink(self.expr(param.value, env), Sink(kind, kind, param.key, block.span))


def _literals(args: Iterable[dast.Expr]) -> tuple[str | None, ...]:
    return tuple(a.value if isinstance(a, dast.Text) else None for a in args)


def by_source(found: Iterable[Flow]) -> Mapping[Label, tuple[Flow, ...]]:
    """The flows grouped by (source, field), in order."""
    grouped: dict[Label, list[Flow]] = {}
    for flow in found:
        grouped.setdefault((flow.source, flow.field), []).append(flow)
    return {label: tuple(items) for label, items in grouped.items()}
