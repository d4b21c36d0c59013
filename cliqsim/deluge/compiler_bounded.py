"""Loops of plain NUMBER arithmetic that need no check inside: the compiler proves, when the loop
starts, that no statement of it can fail, and then runs a copy of the body with no type check,
no NUMBER range check and no statement-budget check (issue #18).

A loop qualifies at compile time (`plan`) when it walks a list (`for each x in list`) and its
body has only assignments of NUMBER arithmetic (+ - *, unary -, `% c` for a positive constant
c, over variables and NUMBER constants) and if/else on comparisons of such arithmetic (with
&& || !), and every variable it reads (but the loop variable) is surely assigned before the
loop. Where every way through the body executes the same number of statements, the copy
counts none (the loop's statements are counted at once); otherwise it counts each block as
it starts (`_n += k`, with no check: the budget check below holds for the longest way).

At run time, when the loop starts (`compiler_runtime.bounded`), it takes the unchecked copy only
if all of these hold, else the usual code (which checks as it goes) runs:

- the list holds only NUMBERs with |x| <= 2**31 (`small_ints.all_small_ints`, one C pass);
- every variable the body reads is a NUMBER; let C0 be the largest magnitude among them;
- the statement budget holds the whole loop (`per_item` statements, the longest way, for each
  element), so the limit still holds where Zoho counts it, and a loop that could pass it runs
  the usual code, which stops it on the same statement with the same error;
- the range: each variable the body assigns gets at most `growth` more in magnitude per
  iteration (a body whose values grow faster, such as `t = t * 2`, does not qualify), so no
  variable passes C = C0 + n * growth during n iterations, and `limit`, a polynomial bound
  in C of every arithmetic result inside the body, stays within the NUMBER range at that C.

Then no result can leave the NUMBER range, no value can have another type and the budget
cannot run out, so the unchecked copy computes exactly what the checked code computes. The
deadline is checked between chunks of `CHUNK` elements (`compiler_runtime.chunks`).

Bounds are polynomials in C with non-negative coefficients, as {power: coefficient}; they
bound magnitudes (|a + b| <= |a| + |b|, |a * b| <= |a| |b|, |x % c| < c).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import msgspec

from cliqsim.deluge import ast as dast
from cliqsim.deluge.compiler_types import assigned_names
from cliqsim.deluge.small_ints import SMALL
from cliqsim.deluge.values import MAX_NUMBER, MIN_NUMBER

Poly = dict[int, int]  # power of C -> coefficient (>= 0)

MAX_DEPTH = 12  # expression levels (the generated lines must stay shallow for Python's parser)
MAX_STATEMENTS = 40  # statements of a body that gets an unchecked copy

_ARITH = {"+", "-", "*"}
_COMPARE = {"==", "!=", "<", ">", "<=", ">="}


class Plan(msgspec.Struct, frozen=True):
    """What `compiler_runtime.bounded` checks before the unchecked copy runs, and the copy.

    `reads`: the variables the body reads besides the loop variable (each must be a NUMBER);
    `per_item`: the most statements an iteration executes (the loop's own included); `counted`:
    whether `lines` count them as they run (`_n += k` at the start of each block, for a body
    whose ways differ in length), else each iteration executes exactly `per_item`; `growth`
    and `limit` (as ((power, coefficient), ...)): see the module docstring; `lines`: the body
    as (indent relative to the loop, Python line) with Deluge variables as `variable` names
    them.
    """

    reads: tuple[str, ...]
    per_item: int
    counted: bool
    growth: int
    limit: tuple[tuple[int, int], ...]
    lines: tuple[tuple[int, str], ...]


class _NotPlain(Exception):
    """The body does something other than plain NUMBER arithmetic."""


def plan(
    stmt: dast.ForEach, bound: frozenset[str], variable: Callable[[str], str]
) -> Plan | None:
    """The unchecked copy of `stmt`'s body and its conditions, or None when the loop does not
    qualify. `bound`: the variables surely assigned before the loop; `variable`: the compiler's
    Deluge-name-to-Python-local function."""
    if stmt.index or not stmt.body:
        return None
    builder = _Builder(stmt.var, variable)
    builder.reassigns = stmt.var in assigned_names(stmt.body)
    try:
        counts = builder.body(stmt.body, 0)
        if len(counts) > 1:  # ways of different lengths: count each as it runs
            builder = _Builder(stmt.var, variable, counting=True)
            builder.reassigns = stmt.var in assigned_names(stmt.body)
            builder.body(stmt.body, 0, extra=1)
        end = builder.end
    except _NotPlain:
        return None
    if builder.statements > MAX_STATEMENTS:
        return None
    reads = builder.reads - {stmt.var}
    if not reads <= bound:
        return None
    if any(power > 1 for power in end) or end.get(1, 0) > 1:
        return None  # grows faster than by a constant per iteration
    return Plan(
        reads=tuple(sorted(reads)),
        per_item=1 + max(counts),
        counted=builder.counting,
        growth=end.get(0, 0),
        limit=tuple(sorted(builder.limit.items())),
        lines=tuple(builder.lines),
    )


def _add(a: Poly, b: Poly) -> Poly:
    out = dict(a)
    for power, coefficient in b.items():
        out[power] = out.get(power, 0) + coefficient
    return out


def _mul(a: Poly, b: Poly) -> Poly:
    out: Poly = {}
    for pa, ca in a.items():
        for pb, cb in b.items():
            out[pa + pb] = out.get(pa + pb, 0) + ca * cb
    return out


def _max(a: Poly, b: Poly) -> Poly:
    return {p: max(a.get(p, 0), b.get(p, 0)) for p in a.keys() | b.keys()}


class _Builder:
    def __init__(
        self, loop_var: str, variable: Callable[[str], str], counting: bool = False
    ) -> None:
        self.loop_var = loop_var
        self.counting = counting  # emit `_n += k` at the start of each block
        self.variable = variable
        self.reads: set[str] = set()
        self.lines: list[tuple[int, str]] = []
        self.limit: Poly = {}  # the largest arithmetic result, as a bound in C
        self.end: Poly = {1: 1}  # the largest value of a variable so far in the iteration
        self.statements = 0
        self.reassigns = False  # whether the body assigns the loop variable

    def name(self, name: str) -> str:
        return self.variable(name)

    def body(self, body: tuple[dast.Stmt, ...], indent: int, extra: int = 0) -> set[int]:
        """Emit `body` (`extra`: statements to count with its own, 1 for an iteration); the
        statement counts of the ways through it (`extra` not included)."""
        if self.counting and len(body) + extra:
            self.lines.append((indent, f"_n += {len(body) + extra}"))
        elif not body:
            self.lines.append((indent, "pass"))
        counts = {0}
        for stmt in body:
            self.statements += 1
            if isinstance(stmt, dast.Assign):
                self.assign(stmt, indent)
                counts = {c + 1 for c in counts}
            elif isinstance(stmt, dast.If):
                inner = self.if_statement(stmt, indent)
                counts = {c + 1 + i for c in counts for i in inner}
            else:
                raise _NotPlain
        return counts

    def assign(self, stmt: dast.Assign, indent: int) -> None:
        value: dast.Expr = stmt.value
        if stmt.op != "=":
            if stmt.op[:-1] not in _ARITH:
                raise _NotPlain
            value = dast.Binary(
                stmt.op[:-1], dast.Name(stmt.target, stmt.target_span), stmt.value, stmt.span
            )
        code, size = self.number(value, 0)
        self.lines.append((indent, f"{self.name(stmt.target)} = {code}"))
        self.end = _max(self.end, size)

    def if_statement(self, stmt: dast.If, indent: int) -> set[int]:
        start, ends, counts = self.end, [], set()
        for index, (condition, body) in enumerate(stmt.branches):
            keyword = "if" if index == 0 else "elif"
            self.end = start
            self.lines.append((indent, f"{keyword} {self.boolean(condition, 0)}:"))
            counts |= self.body(body, indent + 1)
            ends.append(self.end)
        if stmt.else_body is not None:
            self.end = start
            self.lines.append((indent, "else:"))
            counts |= self.body(stmt.else_body, indent + 1)
            ends.append(self.end)
        else:
            counts.add(0)
        self.end = start
        for end in ends:
            self.end = _max(self.end, end)
        return counts

    def boolean(self, e: dast.Expr, depth: int) -> str:
        """A condition: comparisons of NUMBER arithmetic joined by && || !."""
        if depth > MAX_DEPTH:
            raise _NotPlain
        if isinstance(e, dast.Unary) and e.op == "!":
            return f"(not {self.boolean(e.operand, depth + 1)})"
        if isinstance(e, dast.Binary) and e.op in ("&&", "||"):
            word = "and" if e.op == "&&" else "or"
            left, right = self.boolean(e.left, depth + 1), self.boolean(e.right, depth + 1)
            return f"({left} {word} {right})"
        if isinstance(e, dast.Binary) and e.op in _COMPARE:
            divided = divisibility(e) if e.op in ("==", "!=") else None
            if divided is not None:  # `x % c == 0`: the same whichever sign the remainder takes
                rem = e.left if isinstance(e.left, dast.Binary) else e.right
                assert isinstance(rem, dast.Binary) and isinstance(rem.right, dast.Number)
                x = self.read(divided)
                return f"({x} % {rem.right.value} {e.op} 0)"
            left, _ = self.number(e.left, depth + 1)
            right, _ = self.number(e.right, depth + 1)
            return f"({left} {e.op} {right})"
        raise _NotPlain

    def read(self, name: str) -> str:
        self.reads.add(name)
        return self.name(name)

    def number(self, e: dast.Expr, depth: int) -> tuple[str, Poly]:
        """A NUMBER expression: its code and the bound of its magnitude. Every arithmetic
        result raises `limit` to its bound."""
        if depth > MAX_DEPTH:
            raise _NotPlain
        if isinstance(e, dast.Number):
            if not MIN_NUMBER <= e.value <= MAX_NUMBER:
                raise _NotPlain
            return f"({e.value})", {0: abs(e.value)}
        if isinstance(e, dast.Name):
            if e.name != self.loop_var:
                return self.read(e.name), self.end
            # an element of the list, or (once the body assigns the loop variable) any value
            return self.read(e.name), _max({0: SMALL}, self.end) if self.reassigns else {0: SMALL}
        if isinstance(e, dast.Unary) and e.op == "-":
            code, size = self.number(e.operand, depth + 1)
            return self.result(f"(-{code})", size)
        if isinstance(e, dast.Binary) and e.op in _ARITH:
            left, a = self.number(e.left, depth + 1)
            right, b = self.number(e.right, depth + 1)
            size = _mul(a, b) if e.op == "*" else _add(a, b)
            return self.result(f"({left} {e.op} {right})", size)
        if isinstance(e, dast.Binary) and remainder_by_constant(e):
            x, c = self.read(cast(dast.Name, e.left).name), cast(dast.Number, e.right).value
            # Deluge's remainder takes the dividend's sign (as Java's); Python's the divisor's
            return f"({x} % {c} if {x} >= 0 else -(-{x} % {c}))", {0: c - 1}
        raise _NotPlain

    def result(self, code: str, size: Poly) -> tuple[str, Poly]:
        self.limit = _max(self.limit, size)
        return code, size


def remainder_by_constant(e: dast.Binary) -> bool:
    """Whether `e` is `x % c`: a variable by a positive constant."""
    return (
        e.op == "%"
        and isinstance(e.left, dast.Name)
        and isinstance(e.right, dast.Number)
        and e.right.value > 0
    )


def divisibility(e: dast.Binary) -> str | None:
    """For `x % c == 0` / `x % c != 0` (either way round, c a positive constant): x."""
    for rem, zero in ((e.left, e.right), (e.right, e.left)):
        if (
            isinstance(rem, dast.Binary)
            and remainder_by_constant(rem)
            and isinstance(zero, dast.Number)
            and zero.value == 0
        ):
            return cast(dast.Name, rem.left).name
    return None
