"""What the compiler knows of the types of Deluge variables, so it can leave type checks out.

A variable is known to be a NUMBER ("int") or a TEXT ("text") where every way to that point
gave it such a value: an assignment of an expression that surely has that type when it does
not fail (`total = 0`, `t = w.trim() + "-"`), or the check at the start of a loop iteration
(`loop_guards`). What it knows is a `Known` dict; `merge` joins the dicts of the ways that meet
after an `if`. A variable is bound (`Bound`) where every way to that point assigned it, so a
check that reads it cannot meet an unassigned variable.

The checks at the start of a loop iteration (`compiler.loop_guards`) pick one of two copies of
the body: a body that reads `i % 3` and `total + i * 2` runs as plain Python arithmetic while `i`
and `total` are NUMBERs, and as the general code otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import get_args

from cliqsim.deluge import ast as dast
from cliqsim.deluge.walk import Node, children, statements

STATEMENT_TYPES = frozenset(get_args(dast.Stmt))

Known = dict[str, str]  # Deluge variable -> "int" (NUMBER) or "text" (TEXT)
Bound = frozenset[str]  # Deluge variables surely assigned

# Methods compiled inline on a TEXT receiver (`compiler._inline_method`): a variable they are
# called on is worth knowing to be TEXT.
TEXT_METHODS = frozenset({"length", "len", "touppercase", "tolowercase", "trim", "contains"})


def merge(ways: list[Known]) -> Known:
    """What is known after ways that meet: the variables every way knows with the same type."""
    first, *rest = ways
    return {name: kind for name, kind in first.items() if all(w.get(name) == kind for w in rest)}


def merge_bound(ways: list[Bound]) -> Bound:
    first, *rest = ways
    return first.intersection(*rest)


def assigned_names(body: tuple[dast.Stmt, ...]) -> set[str]:
    """Every variable a statement of `body` (nested ones included) may assign."""
    names: set[str] = set()
    for stmt in (s for top in body for s in statements(top)):
        if isinstance(stmt, dast.Assign):
            names.add(stmt.target)
        elif isinstance(stmt, dast.ForEach):
            names.add(stmt.var)
        elif isinstance(stmt, dast.TryCatch):
            names.add(stmt.error_name)
    return names


def counter_step(stmt: dast.Stmt, name: str) -> int | None:
    """For an assignment that adds a NUMBER constant to `name` or takes one from it (`n = n + 1`,
    `n = 2 + n`, `n = n - 3`, `n += 1`, `n -= 3`): the constant's magnitude; else None."""
    if not isinstance(stmt, dast.Assign) or stmt.target != name:
        return None
    value = stmt.value
    if stmt.op in ("+=", "-="):
        step = value
    elif stmt.op == "=" and isinstance(value, dast.Binary) and value.op in ("+", "-"):
        left, right = value.left, value.right
        if isinstance(left, dast.Name) and left.name == name:
            step = right
        elif value.op == "+" and isinstance(right, dast.Name) and right.name == name:
            step = left
        else:
            return None
    else:
        return None
    if not isinstance(step, dast.Number) or not 0 <= step.value < 2**31:
        return None
    return step.value


def loop_counters(stmt: dast.ForEach, bound: frozenset[str]) -> dict[str, int]:
    """The variables a loop's body changes only by adding or taking a NUMBER constant
    (`count = count + 1`; `counter_step`), surely assigned before the loop, with the largest
    constant each takes. Such a variable that is a NUMBER of at most MAX - step x (the
    statement budget) in magnitude when the loop starts (`compiler_runtime.counters`) stays a
    NUMBER within 64 bits however long the loop runs: each change is a statement, and the
    budget bounds how many run. Empty for a body with a loop or a try of its own."""
    inside = [s for top in stmt.body for s in statements(top)]
    if any(isinstance(s, dast.ForEach | dast.TryCatch) for s in inside):
        return {}
    steps: dict[str, int] = {}
    spoiled = {stmt.var}
    for s in inside:
        if not isinstance(s, dast.Assign):
            continue
        step = counter_step(s, s.target)
        if step is None:
            spoiled.add(s.target)
        else:
            steps[s.target] = max(step, steps.get(s.target, 0))
    return {name: step for name, step in steps.items() if name not in spoiled and name in bound}


def only_walked(script: dast.Script) -> frozenset[str]:
    """The variables `script` reads only as the list a `for each` walks (`for each x in items`,
    every place it names them) and never assigns (by `=`, `+=`, ..., as a loop variable or as
    a catch variable). Only those loops ever get hold of what such a variable names: no
    method, function, task, alias or collection does, so an input list keeps what its
    conversion checked it holds (`compiler_runtime.bounded`). Occurrences are counted, not
    compared by identity, so a node shared in the tree still counts once per place."""
    named: dict[str, int] = {}
    walked: dict[str, int] = {}
    nodes: list[Node] = [script]
    for node in nodes:  # every node, in no particular order (only counted)
        nodes.extend(children(node))
        if isinstance(node, dast.Name):
            named[node.name] = named.get(node.name, 0) + 1
        elif isinstance(node, dast.ForEach) and isinstance(node.iterable, dast.Name):
            walked[node.iterable.name] = walked.get(node.iterable.name, 0) + 1
    assigned = assigned_names(script.body)
    return frozenset(
        name for name, count in walked.items() if named[name] == count and name not in assigned
    )


def typed_uses(
    expr: dast.Expr,
    whole_number_names: Callable[[dast.Expr], set[str] | None],
    texts: frozenset[str] = frozenset(),
) -> set[tuple[str, str]]:
    """(variable, "int" or "text") for each variable `expr` reads as a NUMBER in arithmetic the
    compiler runs as plain Python (`whole_number_names` gives those variables of a node), or as
    the receiver of a TEXT method compiled inline. Variables of `texts` (TEXT before the loop)
    in such arithmetic (`s + w`) are read as TEXT: the `+` joins texts."""
    uses: set[tuple[str, str]] = set()
    stack: list[Node] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, dast.Unary | dast.Binary):
            names = whole_number_names(node)
            if names:
                joined = names & texts
                uses.update((n, "text") for n in joined) if joined else uses.update(
                    (n, "int") for n in names
                )
                continue
        if (
            isinstance(node, dast.MethodCall)
            and isinstance(node.target, dast.Name)
            and node.name.lower() in TEXT_METHODS
        ):
            uses.add((node.target.name, "text"))
        stack.extend(children(node))
    return uses


def _own_expressions(stmt: dast.Stmt) -> Iterator[dast.Expr]:
    """The expressions directly inside a statement (not those of statements inside it)."""
    for child in children(stmt):
        if type(child) not in STATEMENT_TYPES:
            yield child  # type: ignore[misc]


def expressions(body: tuple[dast.Stmt, ...]) -> Iterator[dast.Expr]:
    """Every expression of the statements of `body`, nested statements included."""
    for top in body:
        for stmt in statements(top):
            yield from _own_expressions(stmt)
