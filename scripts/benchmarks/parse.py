"""The Deluge front end: parse throughput, grammar build at start, a cold `cliqsim check`.

Baselines, measured in the same run: Python's own `ast.parse` of a Python script with as many
lines (for throughput), and `python -c pass` (for the cold `cliqsim check` of one file). The
grammar build is timed in fresh processes, once loading the per-user cache and once building
from the grammar (CLIQSIM_CACHE="" turns the cache off).

Child processes run with bytecode caching on (PYTHONDONTWRITEBYTECODE removed), after one warm-up
run, as an installed cliqsim would: otherwise every start recompiles every module from source.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import Report, best_of, time_command

from cliqsim.deluge.parser import parse

TITLE = "Deluge parser: throughput, grammar build, cold `cliqsim check`"
ROOT = Path(__file__).resolve().parents[2]
HANDLER = ROOT / "tests" / "deluge" / "cases" / "handlers" / "slash_nearby.dg"

# One realistic stretch of handler code (22 lines); repeated to the wanted length.
CHUNK = """\
response = Map();
name = user.get("first_name") + " " + user.get("last_name");
if(arguments.isEmpty() && name.length() > 0)
{
\titems = {"a", "b", "c"};
\tfor each item in items
\t{
\t\tinfo item.toUpperCase();
\t}
}
else
{
\tcard = {"title":"Results","theme":"modern-inline"};
\tresponse.put("card", card);
}
resp = invokeurl
[
\turl :"https://api.example.com/v1/search?q=" + encodeUrl(arguments)
\ttype :GET
\theaders:{"Authorization":"Bearer " + token}
];
total = total + resp.get("count") * 2 - 1;
"""

PY_CHUNK = """\
response = {}
name = user.get("first_name") + " " + user.get("last_name")
if not arguments and len(name) > 0:
    items = ["a", "b", "c"]
    for item in items:
        print(item.upper())
else:
    card = {"title": "Results", "theme": "modern-inline"}
    response["card"] = card
resp = invoke(url="https://api.example.com/v1/search?q=" + quote(arguments),
              method="GET",
              headers={"Authorization": "Bearer " + token})
total = total + resp.get("count") * 2 - 1
"""


def generated_script(lines: int) -> str:
    parts = ['total = 0;\ntoken = "t";\n']
    count = 2
    while count < lines:
        parts.append(CHUNK)
        count += CHUNK.count("\n")
    return "".join(parts)


def _python_script(lines: int) -> str:
    repeats = lines // PY_CHUNK.count("\n") + 1
    return "total = 0\ntoken = 't'\n" + PY_CHUNK * repeats


_BUILD_PROBE = """
import sys, time
start = time.perf_counter()
from cliqsim.deluge import parser
imported = time.perf_counter()
parser.grammar_parser()
built = time.perf_counter()
text = open(sys.argv[1], encoding="utf-8").read()
parser.parse(text)
first = time.perf_counter()
parser.parse(text)
second = time.perf_counter()
print(imported - start, built - imported, first - built, second - first)
"""


def _child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def _grammar_build(env: dict[str, str], repeat: int = 5) -> tuple[float, float, float, float]:
    """Best (import, grammar build, first parse, second parse) times of `repeat` fresh
    processes, each parsing one handler twice."""
    imports, builds, firsts, seconds = [], [], [], []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", _BUILD_PROBE, str(HANDLER)],
            capture_output=True,
            text=True,
            env=_child_env(**env),
            check=True,
        ).stdout.split()
        imports.append(float(out[0]))
        builds.append(float(out[1]))
        firsts.append(float(out[2]))
        seconds.append(float(out[3]))
    return min(imports), min(builds), min(firsts), min(seconds)


def run(report: Report) -> None:
    script = generated_script(1000)
    lines = script.count("\n")
    parse(script)  # build the parser outside the timing
    seconds = best_of(lambda: parse(script), repeat=7)
    python = _python_script(lines)
    baseline = best_of(lambda: ast.parse(python), repeat=7)
    report.line(
        f"parse {lines} generated lines", f"{lines / seconds:,.0f} lines/s", "(target >= 15,000)"
    )
    report.ratio("  vs Python's ast.parse, same line count", seconds, baseline)

    with tempfile.TemporaryDirectory() as cache:
        _, uncached, _, _ = _grammar_build({"CLIQSIM_CACHE": cache}, repeat=1)  # writes it
        cold_import, cached, first, second = _grammar_build({"CLIQSIM_CACHE": cache})
        _, uncached_best, _, _ = _grammar_build({"CLIQSIM_CACHE": ""})
    report.line(
        "grammar build, loaded from the cache", f"{cached * 1e3:.1f} ms", "(target <= 10 ms)"
    )
    report.line("grammar build, no cache", f"{min(uncached, uncached_best) * 1e3:.1f} ms")
    report.line("import cliqsim.deluge.parser (lark included)", f"{cold_import * 1e3:.1f} ms")
    report.line(
        f"first parse of {HANDLER.name} in a process",
        f"{first * 1e3:.1f} ms",
        f"(then {second * 1e3:.1f} ms)",
    )

    check = [sys.executable, "-m", "cliqsim", "check", str(HANDLER)]
    subprocess.run(check, capture_output=True, env=_child_env(), check=False)  # warm-up
    saved = os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # time_command uses os.environ
    try:
        pass_time = time_command([sys.executable, "-c", "pass"])
        check_time = time_command(check)
    finally:
        if saved is not None:
            os.environ["PYTHONDONTWRITEBYTECODE"] = saved
    report.ratio("cold `cliqsim check` of one handler vs `python -c pass`", check_time, pass_time)
