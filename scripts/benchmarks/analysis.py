"""The analysis passes of the syntax tree (`cliqsim.deluge.walk`): save-time checks, the effect
inventory and the data flow of a 1,000-line generated handler.

Baseline, measured in the same run: parsing the same script (each pass should cost a fraction of
a parse: the manifest of a component is built from both).
"""

from __future__ import annotations

from bench import Report, best_of

from benchmarks.parse import generated_script
from cliqsim.deluge.checks import check
from cliqsim.deluge.effects import IDENTITY_VARIABLES, inventory
from cliqsim.deluge.flow import flows
from cliqsim.deluge.parser import parse
from cliqsim.deluge.walk import descendants

TITLE = "Deluge analysis passes: checks, effect inventory, data flow"
# the inputs of a slash command (the platform declares them; the benchmark names a few)
INPUTS = frozenset({"user", "chat", "arguments", "options", "location", "access", "environment"})


def run(report: Report) -> None:
    text = generated_script(1000)
    lines = text.count("\n")
    tree = parse(text)
    baseline = best_of(lambda: parse(text), repeat=5)
    report.line(f"parse {lines} generated lines (baseline)", f"{baseline * 1e3:.1f} ms")
    nodes = best_of(lambda: sum(1 for _ in descendants(tree)), repeat=5)
    report.ratio("  every node, generic walk, vs parse", nodes, baseline, "(target <= 0.2x)")
    checks = best_of(lambda: check(tree, INPUTS), repeat=5)
    report.ratio("  save-time checks vs parse", checks, baseline, "(target <= 0.3x)")
    effects = best_of(lambda: inventory(tree, "bench.dg", INPUTS), repeat=5)
    report.ratio("  effect inventory vs parse", effects, baseline, "(target <= 0.3x)")
    flow = best_of(lambda: flows(tree, INPUTS, IDENTITY_VARIABLES), repeat=5)
    report.ratio("  data flow vs parse", flow, baseline, "(target <= 0.5x)")
