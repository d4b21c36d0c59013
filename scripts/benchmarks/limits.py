"""The worst cases of issue #12 (runs that escaped their limits): peak memory and wall time of
each, every case in a fresh interpreter so its peak is its own.

The baseline is the same script with small sizes, so each ratio says how much more the worst
case costs than a harmless run. `CLIQSIM_BENCH_ROOT=/path/to/checkout` measures another
checkout's code (to compare before and after a change).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench import Report

TITLE = "Limits: worst cases of issue #12 (targets: each ends inside its limit, peak < 400 MB)"
ROOT = Path(os.environ.get("CLIQSIM_BENCH_ROOT") or Path(__file__).resolve().parents[2])
TIMEOUT_S = 2  # the --timeout every case runs with
CAP_BYTES = 4 * 1024**3  # address-space cap of each case, so a runaway cannot take the machine

# name -> Deluge script; {n} is the size knob (big for the case, small for the baseline)
CASES: dict[str, tuple[str, int, int]] = {
    "catastrophic regex (a|aa)+$": (
        'return ("a".repeat({n}) + "!").matches("(a|aa)+$");',
        40,
        10,
    ),
    "100 x replaceAll on 4 M characters": (
        's = "ab".repeat({n});\nfor each i in "1".repeat(100).toList("") {{\n'
        '  t = s.replaceAll("a", "c");\n}}\nreturn t.length();',
        2_000_000,
        1_000,
    ),
    'replaceAll("", 2 M characters)': (
        'r = "x".repeat({n});\nreturn "a".repeat(1000).replaceAll("", r).length();',
        2_000_000,
        1_000,
    ),
    'leftpad(10 M, "x" * 200)': (
        'return "".leftpad({n}, "x".repeat(200)).length();',
        10_000_000,
        1_000,
    ),
    "toJSONList of 3.3 M elements": (
        'return ("[" + "1,".repeat({n}) + "1]").toJSONList().size();',
        3_300_000,
        1_000,
    ),
    "400 info lines of a 9 MB map": (
        'm = {{"k": "x".repeat({n})}};\nfor each i in "1".repeat(400).toList("") {{\n'
        "  info m;\n}}\nreturn 1;",
        9_000_000,
        1_000,
    ),
    "return 1,000 references to a 9 MB text": (
        't = "x".repeat({n});\nl = List();\nfor each i in "1".repeat(1000).toList("") {{\n'
        "  l.add(t);\n}}\nreturn l;",
        9_000_000,
        1_000,
    ),
    "a 20 MB literal": ('return "{x}".length();', 20_000_000, 1_000),
    "compile a 550 KB script": ("{lines}", 20_000, 100),
}

_RUNNER = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[3]), int(sys.argv[3])))
from cliqsim.deluge.errors import DelugeError
from cliqsim.deluge.interpreter import Limits, compile_script, run
from cliqsim.deluge.recording_host import RecordingHost
text = sys.stdin.read()
start = time.perf_counter()
try:
    result = run(compile_script(text, "case.dg"), RecordingHost(), {},
                 Limits(timeout_s=float(sys.argv[2])))
    json.dumps(result.returned, default=str)  # as `cliqsim script --json` prints it
    outcome = "ok"
except DelugeError as error:
    outcome = error.message[:70]
except MemoryError:
    outcome = "MemoryError (past the address-space cap)"
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "outcome": outcome}))
"""


def _script(template: str, n: int) -> str:
    if template == "{lines}":
        return "".join(f'x{i} = "abc" + {i} * 2;\n' for i in range(n))
    if "{x}" in template:
        return template.replace("{x}", "x" * n)
    return template.format(n=n)


def measure(script: str) -> dict[str, object]:
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _RUNNER, str(ROOT), str(TIMEOUT_S), str(CAP_BYTES)],
            input=script,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": 120.0, "peak_mb": float("nan"), "outcome": "killed after 120 s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1][:70]
        wall = time.perf_counter() - start
        return {"seconds": wall, "peak_mb": float("nan"), "outcome": f"crashed: {tail}"}
    result: dict[str, object] = json.loads(lines[-1])
    return result


def run(report: Report) -> None:
    report.line("code measured", str(ROOT))
    for name, (template, big, small) in CASES.items():
        worst = measure(_script(template, big))
        base = measure(_script(template, small))
        report.line(
            name,
            f"{worst['peak_mb']:.0f} MB {worst['seconds']:.2f} s",
            f"(baseline {base['peak_mb']:.0f} MB {base['seconds']:.3f} s) {worst['outcome']}",
        )
