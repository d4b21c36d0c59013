"""The collector's start-up thresholds (`cliqsim.startup`, issue #18): rare passes while a
process starts, the usual ones once its runtime is built."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from cliqsim import startup


def test_start_up_collects_rarely_then_as_usual(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(startup, "_normal", None)
    monkeypatch.setattr(startup, "_frozen", True)  # never freeze the test process itself
    usual = gc.get_threshold()
    try:
        startup.done()  # without begin(): nothing changes
        assert gc.get_threshold() == usual
        startup.begin()
        startup.begin()  # a second call keeps the first one's thresholds to come back to
        assert gc.get_threshold() == (startup.START_THRESHOLD, *usual[1:])
        startup.done()
        assert gc.get_threshold() == usual
        startup.done()
        assert gc.get_threshold() == usual
    finally:
        gc.set_threshold(*usual)


def test_a_cold_run_ends_with_the_usual_thresholds(tmp_path: object) -> None:
    code = (
        "import gc, sys\n"
        "usual = gc.get_threshold()\n"
        "from cliqsim import startup\n"
        "startup.begin()\n"
        "starting = gc.get_threshold()\n"
        "from cliqsim.platform.runtime import Runtime\n"
        f"Runtime(data_dir={str(tmp_path)!r})\n"
        "print(starting[0], gc.get_threshold() == usual, gc.get_freeze_count() > 0,"
        " gc.isenabled())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == [str(startup.START_THRESHOLD), "True", "True", "True"]


_HIDDEN = """
import sys
from cliqsim import startup
startup.load_msgspec()
loaded_without = "msgspec" in sys.modules and "typing_extensions" not in sys.modules
from cliqsim.consent.store import Grant
from cliqsim.platform.messages import Message
import msgspec, typing_extensions
decoded = msgspec.json.decode(b'{"status": "ok"}', type=dict[str, typing_extensions.Literal["ok"]])
print(loaded_without, "typing_extensions" in sys.modules, decoded == {"status": "ok"})
"""


def test_msgspec_loads_without_typing_extensions_which_stays_importable() -> None:
    done = subprocess.run([sys.executable, "-c", _HIDDEN], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["True", "True", "True"]


def test_an_already_loaded_typing_extensions_is_left_alone() -> None:
    code = ("import sys, typing_extensions\nfrom cliqsim import startup\n"
            "startup.load_msgspec()\nprint(sys.modules['typing_extensions'] is typing_extensions)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "True"


_LEFT_OUT = """
import sys
from cliqsim import startup
startup.load_msgspec()
print(*(name in sys.modules for name in ("platform", "msgspec._json_schema", "textwrap")))
print(type(sys.modules["msgspec.inspect"]).__name__)
import msgspec, platform, uuid
print(hasattr(platform, "python_version"), uuid._LINUX == (platform.system() == "Linux"),
      uuid._AIX == (platform.system() == "AIX"), uuid.uuid4().version)

class Point(msgspec.Struct):
    x: int

import msgspec._json_schema as real
print(msgspec.json.schema(Point) == real.schema(Point) == {
    "$ref": "#/$defs/Point", "$defs": {"Point": {"title": "Point", "type": "object",
    "properties": {"x": {"type": "integer"}}, "required": ["x"]}}},
      msgspec.json.schema_components([Point]) == real.schema_components([Point]))
print(msgspec.inspect.type_info(Point).fields[0].name, type(msgspec.inspect).__name__)
"""


def test_msgspec_loads_without_platform_and_its_introspection_which_stay_whole() -> None:
    """`platform` (which `uuid` loads only to ask `system()`), `msgspec.inspect` and
    `msgspec._json_schema` are left out while msgspec loads (`startup.load_msgspec`): each is
    loaded, whole, when used, and `uuid` tells Linux and AIX as with the real `platform`."""
    done = subprocess.run([sys.executable, "-c", _LEFT_OUT], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split("\n")[:5] == [
        "False False False", "_LazyModule", "True True True 4", "True True", "x module"]


def test_an_already_loaded_platform_is_left_alone() -> None:
    code = ("import sys, platform\nfrom cliqsim import startup\nstartup.load_msgspec()\n"
            "import uuid\nprint(sys.modules['platform'] is platform, uuid.platform is platform)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["True", "True"]
