"""The step-by-step example of docs/components.md works as the page says."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from platform_helpers import allow

from cliqsim.platform.runtime import Runtime

DOC = Path(__file__).resolve().parents[2] / "docs" / "components.md"
FILE_BLOCK = re.compile(r"File `([\w/.]+)`:\n\n```[a-z]*\n(.*?)```", re.S)


def test_the_weather_example_runs(tmp_path: Path,
                                  make_runtime: Callable[[Path], Runtime]) -> None:
    files = FILE_BLOCK.findall(DOC.read_text(encoding="utf-8"))
    assert [name for name, _ in files] == ["weather/component.toml", "weather/execution.dg"]
    for name, text in files:
        path = tmp_path / "components" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    runtime = make_runtime(tmp_path / "components")
    assert runtime.load_errors == ()
    asked = runtime.submit("u_arjun", "general", "/weather Chennai")
    api = next(i for i in asked.consent.items if i.kind == "api")
    assert (api.target, api.credentials) == ("GET api.openweathermap.org", "user")
    done = allow(runtime, asked)
    assert done.messages[-1].text == "It is 31.4°C with scattered clouds in Chennai, Arjun."
    missing = runtime.submit("u_arjun", "general", "/weather Madrid")
    assert "has no offline fixture" in missing.error.message
    assert "fixtures that exist: GET https://api.openweathermap.org/data/2.5/weather" in (
        missing.error.message)
