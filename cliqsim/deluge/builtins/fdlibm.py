"""sin and cos as Java computes them (fdlibm, the algorithm of java.lang.StrictMath).

Deluge runs on Java, and its pages print Java's digits: functions/number/cos shows
`90.cos()` as -0.4480736161291702, where the C library's `math.cos(90)` is one unit in the last
place away (-0.4480736161291701). This is fdlibm's `__ieee754_rem_pio2` (the medium-size
reduction, |x| up to 2**19 * pi/2; larger values fall back to `math`), `__kernel_sin` and
`__kernel_cos`, in the same double arithmetic, so the results are bit for bit fdlibm's.
"""

from __future__ import annotations

import math
import struct

_INVPIO2 = 6.36619772367581382433e-01
_PIO2_1 = 1.57079632673412561417e00
_PIO2_1T = 6.07710050650619224932e-11
_PIO2_2 = 6.07710050630396597660e-11
_PIO2_2T = 2.02226624879595063154e-21
_PIO2_3 = 2.02226624871116645580e-21
_PIO2_3T = 8.47842766036889956997e-32

_C1 = 4.16666666666666019037e-02
_C2 = -1.38888888888741095749e-03
_C3 = 2.48015872894767294178e-05
_C4 = -2.75573143513906633035e-07
_C5 = 2.08757232129817482790e-09
_C6 = -1.13596475577881948265e-11

_S1 = -1.66666666666666324348e-01
_S2 = 8.33333333332248946124e-03
_S3 = -1.98412698298579493134e-04
_S4 = 2.75573137070700676789e-06
_S5 = -2.50507602534068634195e-08
_S6 = 1.58969099521155010221e-10

_SMALL = 0x3FE921FB  # |x| <= pi/4: no reduction
_MEDIUM = 0x413921FB  # |x| <= 2**19 * pi/2: fdlibm's medium-size reduction


def _high_word(x: float) -> int:
    """The signed high 32 bits of the double `x` (fdlibm's __HI)."""
    return int(struct.unpack(">q", struct.pack(">d", x))[0] >> 32)


def _from_high_word(high: int) -> float:
    """The double whose high 32 bits are `high` and whose low 32 bits are 0."""
    return float(struct.unpack(">d", struct.pack(">Q", (high & 0xFFFFFFFF) << 32))[0])


def _rem_pio2(x: float) -> tuple[int, float, float]:
    """x reduced by multiples of pi/2: (n, y0, y1) with x = n*pi/2 + y0 + y1."""
    hx = _high_word(x)
    j = (hx & 0x7FFFFFFF) >> 20
    t = abs(x)
    n = int(t * _INVPIO2 + 0.5)
    fn = float(n)
    r = t - fn * _PIO2_1
    w = fn * _PIO2_1T
    y0 = r - w
    if j - ((_high_word(y0) >> 20) & 0x7FF) > 16:  # cancellation: a second round
        t = r
        w = fn * _PIO2_2
        r = t - w
        w = fn * _PIO2_2T - ((t - r) - w)
        y0 = r - w
        if j - ((_high_word(y0) >> 20) & 0x7FF) > 49:  # and a third
            t = r
            w = fn * _PIO2_3
            r = t - w
            w = fn * _PIO2_3T - ((t - r) - w)
            y0 = r - w
    y1 = (r - y0) - w
    return (-n, -y0, -y1) if hx < 0 else (n, y0, y1)


def _kernel_cos(x: float, y: float) -> float:
    ix = _high_word(x) & 0x7FFFFFFF
    if ix < 0x3E400000 and int(x) == 0:
        return 1.0
    z = x * x
    r = z * (_C1 + z * (_C2 + z * (_C3 + z * (_C4 + z * (_C5 + z * _C6)))))
    if ix < 0x3FD33333:
        return 1.0 - (0.5 * z - (z * r - x * y))
    qx = 0.28125 if ix > 0x3FE90000 else _from_high_word(ix - 0x00200000)
    return (1.0 - qx) - ((0.5 * z - qx) - (z * r - x * y))


def _kernel_sin(x: float, y: float, tail: bool) -> float:
    ix = _high_word(x) & 0x7FFFFFFF
    if ix < 0x3E400000 and int(x) == 0:
        return x
    z = x * x
    v = z * x
    r = _S2 + z * (_S3 + z * (_S4 + z * (_S5 + z * _S6)))
    if not tail:
        return x + v * (_S1 + z * r)
    return x - ((z * (0.5 * y - v * r) - y) - v * _S1)


def cos(x: float) -> float:
    """Java's cos of `x` radians."""
    ix = _high_word(x) & 0x7FFFFFFF
    if ix <= _SMALL:
        return _kernel_cos(x, 0.0)
    if ix > _MEDIUM:
        return math.cos(x)
    n, y0, y1 = _rem_pio2(x)
    quadrant = n & 3
    if quadrant == 0:
        return _kernel_cos(y0, y1)
    if quadrant == 1:
        return -_kernel_sin(y0, y1, True)
    if quadrant == 2:
        return -_kernel_cos(y0, y1)
    return _kernel_sin(y0, y1, True)


def sin(x: float) -> float:
    """Java's sin of `x` radians."""
    ix = _high_word(x) & 0x7FFFFFFF
    if ix <= _SMALL:
        return _kernel_sin(x, 0.0, False)
    if ix > _MEDIUM:
        return math.sin(x)
    n, y0, y1 = _rem_pio2(x)
    quadrant = n & 3
    if quadrant == 0:
        return _kernel_sin(y0, y1, True)
    if quadrant == 1:
        return _kernel_cos(y0, y1)
    if quadrant == 2:
        return -_kernel_sin(y0, y1, True)
    return -_kernel_cos(y0, y1)
