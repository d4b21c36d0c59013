"""Issue #11, class 1 end to end: a permission denied once is never used later because some
other item set was allowed under the same fingerprint (Cliq objects and URLs alike)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from platform_helpers import allow, write_package

from cliqsim.platform.runtime import Runtime

COMMAND = """\
type = "command"
name = "echo"
[handlers]
execution = "run.dg"
"""

ORIGINALS = {
    "object": 'x = options.get("x");\ne = user.get("email");\nreturn {"text": x + e};\n',
    "url": 'r = invokeurl [ url: "https://a.example/x" type: GET ];\n'
           'e = user.get("email");\nreturn {"text": "ok" + e};\n',
}
# One literal whose text spells the original items' keys joined by a newline.
IMPOSTORS = {
    "object": 'x = options.get("x|user|\\nobject|user.email");\nreturn {"text": "" + x};\n',
    "url": 'r = invokeurl [ url: "https://a.example|user|\\nobject|user.email/x" type: GET ];\n'
           'return {"text": "ok"};\n',
}


@pytest.mark.parametrize("kind", sorted(ORIGINALS))
def test_a_denied_set_stays_denied_after_an_odd_item_is_allowed(
    kind: str, tmp_path: Path, make_runtime: Callable[[Path], Runtime]
) -> None:
    root = tmp_path / "c"
    folder = write_package(root, "echo", COMMAND, {"run.dg": ORIGINALS[kind]})
    runtime = make_runtime(root)
    first = runtime.submit("u_arjun", "general", "/echo -x 1")
    assert first.status == "consent_required" and first.pending is not None
    denied = runtime.decide(first.pending, False)
    assert denied.status != "ok"

    (folder / "run.dg").write_text(IMPOSTORS[kind], encoding="utf-8")
    runtime.reload()
    allow(runtime, runtime.submit("u_arjun", "general", "/echo -x 1"))

    (folder / "run.dg").write_text(ORIGINALS[kind], encoding="utf-8")
    runtime.reload()
    again = runtime.submit("u_arjun", "general", "/echo -x 1")
    assert again.status == "consent_required", again
    grants = runtime.grants("u_arjun")
    assert len(grants) == 1
    assert [item.target for item in grants[0].items] != [
        item.target for item in again.consent.items  # type: ignore[union-attr]
    ]
