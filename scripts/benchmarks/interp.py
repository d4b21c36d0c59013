"""The Deluge interpreter against native Python running the same algorithm in the same run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from bench import Report, best_of

from cliqsim.deluge.builtins.context import Context
from cliqsim.deluge.compiler_runtime import RunState
from cliqsim.deluge.interpreter import Limits, compile_script
from cliqsim.deluge.interpreter import run as run_script
from cliqsim.deluge.recording_host import RecordingHost
from cliqsim.deluge.values import from_plain_inputs

TITLE = "Deluge interpreter (targets: loops within 2x of native Python; cached handler <= 0.1 ms)"
N = 200_000

ARITHMETIC = """
total = 0;
for each i in items {
    if (i % 3 == 0) {
        total = total + i * 2;
    } else {
        total = total - 1;
    }
}
return total;
"""

TEXT = """
count = 0;
for each w in items {
    t = w.trim().toUpperCase() + "-" + w.length();
    if (t.contains("B")) {
        count = count + 1;
    }
}
return count;
"""

HANDLER = """
// A typical /nearby command: read the arguments, build a card with a table and buttons.
query = arguments.trim();
if (query.isEmpty()) {
    return {"text": "Tell me what to look for, e.g. /nearby bank"};
}
places = {"Bank of Zylker", "Zylker Credit Union", "City Savings", "Harbor Bank", "Main St ATM"};
rows = List();
count = 0;
for each place in places {
    if (place.containsIgnoreCase(query) || count < 2) {
        row = Map();
        row.put("Name", place);
        row.put("Distance", (count + 1) * 350 + " m");
        rows.add(row);
        count = count + 1;
    }
}
name = user.get("first_name");
card = {"title": "Places near you", "theme": "modern-inline"};
slides = List();
table = {"headers": {"Name", "Distance"}, "rows": rows};
slides.add({"type": "table", "title": "Results for " + query, "data": table});
buttons = List();
action = {"type": "invoke.function", "data": {"name": "more"}};
buttons.add({"label": "More", "type": "+", "action": action});
response = Map();
response.put("text", "Hi " + name + ", I found " + rows.size() + " places for *" + query + "*");
response.put("card", card);
response.put("slides", slides);
response.put("buttons", buttons);
info "nearby: " + rows.size();
return response;
"""


def native_arithmetic(items: list[int]) -> int:
    total = 0
    for i in items:
        if i % 3 == 0:
            total = total + i * 2
        else:
            total = total - 1
    return total


def native_text(items: list[str]) -> int:
    count = 0
    for w in items:
        t = w.strip().upper() + "-" + str(len(w))
        if "B" in t:
            count = count + 1
    return count


def _paired(
    first: Callable[[], object], second: Callable[[], object], rounds: int = 9
) -> tuple[float, float]:
    """Best times of two functions measured alternately, so both see the same machine load."""
    a, b = [], []
    for _ in range(rounds):
        a.append(best_of(first, repeat=1))
        b.append(best_of(second, repeat=1))
    return min(a), min(b)


def _host() -> RecordingHost:
    return RecordingHost(now=datetime(2026, 11, 29, 10, tzinfo=UTC))


def _loop(report: Report, name: str, script: str, native: Any, items: list[Any]) -> None:
    compiled = compile_script(script, f"<bench {name}>")
    limits = Limits(max_statements=10 * N, max_collection=2 * N)
    expected = native(items)
    got = run_script(compiled, _host(), {"items": items}, limits).returned
    assert got == expected, f"{name}: Deluge gave {got}, Python {expected}"
    host = _host()
    cx = Context(UTC, limits.max_text, limits.max_collection)
    converted, small_lists = from_plain_inputs({"items": items}, UTC)

    def whole_run() -> object:
        return run_script(compiled, host, {"items": items}, limits)

    def loop_only() -> object:
        # The same run without converting the input to Deluge values first (run() always
        # converts its inputs; native Python needs no conversion): the loop work alone.
        state = RunState(host, cx, compiled.program.spans, limits.max_statements)
        state.small_lists = small_lists
        return compiled.program.function(state, cx, converted)

    measured, baseline = _paired(whole_run, lambda: native(items))
    report.ratio(f"{name}, {N:,} iterations, vs native Python", measured, baseline, "(<= 2x)")
    report.goal(f"interpreter loop vs native Python: {name}", f"{measured / baseline:.2f}x",
                "<= 2x", measured / baseline <= 2)
    alone, alone_baseline = _paired(loop_only, lambda: native(items))
    report.ratio("  the loop alone (input converted beforehand)", alone, alone_baseline,
                 "(<= 2x)")


def run(report: Report) -> None:
    _loop(report, "arithmetic with an if", ARITHMETIC, native_arithmetic, list(range(N)))
    words = [f" w{i % 97}ab " for i in range(N)]
    _loop(report, "text building with method calls", TEXT, native_text, words)
    compiled = compile_script(HANDLER, "<bench handler>")
    inputs = {"arguments": " bank ", "user": {"first_name": "Scott", "email": "s@zylker.com"}}
    host = _host()
    per_call = best_of(lambda: run_script(compile_script(HANDLER, "<bench handler>"), host, inputs),
                       repeat=7, number=2000)  # fmt: skip
    report.line(
        "30-line handler, warm (parse cached), per run",
        f"{per_call * 1e3:.3f} ms",
        f"(<= 0.1 ms; {run_script(compiled, host, inputs).statements} statements)",
    )
