"""Java's sin and cos (fdlibm) against the C library: within one unit in the last place, and
bit for bit Java's digits where a Zoho page prints them (functions/number/sin, cos)."""

from __future__ import annotations

import math
import random

from cliqsim.deluge.builtins import fdlibm


def test_the_pages_digits() -> None:
    assert fdlibm.cos(90.0) == -0.4480736161291702  # math.cos(90) is ...1701
    assert fdlibm.sin(90.0) == 0.8939966636005579
    assert fdlibm.cos(0.0) == 1.0
    assert fdlibm.sin(-0.0) == 0.0 and math.copysign(1.0, fdlibm.sin(-0.0)) == -1.0


def test_within_one_ulp_of_the_c_library() -> None:
    draw = random.Random(14)
    for _ in range(20_000):
        x = draw.uniform(-1e7, 1e7) if draw.random() < 0.5 else draw.uniform(-7.0, 7.0)
        for ours, theirs in ((fdlibm.sin(x), math.sin(x)), (fdlibm.cos(x), math.cos(x))):
            assert abs(ours - theirs) <= math.ulp(theirs), x


def test_multiples_of_half_pi_reduce_exactly() -> None:
    for k in range(-64, 65):
        x = k * math.pi / 2
        assert abs(fdlibm.sin(x) - math.sin(x)) <= 2 * math.ulp(1.0)
        assert abs(fdlibm.cos(x) - math.cos(x)) <= 2 * math.ulp(1.0)
