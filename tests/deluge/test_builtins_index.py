"""The built-in families load on first use (issue #18): the generated index that says which
families make each entry must match a full registration, and a lazily composed entry must be
the one a full registration gives."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cliqsim.deluge import builtins
from cliqsim.deluge.builtins import BUILTINS, compose
from cliqsim.deluge.builtins.define import Family
from cliqsim.deluge.builtins.index import FAMILIES_OF

ROOT = Path(__file__).resolve().parents[2]


def _generator() -> Any:
    path = ROOT / "scripts" / "gen_builtins_index.py"
    spec = importlib.util.spec_from_file_location("gen_builtins_index", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_index_is_generated_from_a_full_registration() -> None:
    committed = (ROOT / "cliqsim" / "deluge" / "builtins" / "index.py").read_text("utf-8")
    assert committed == _generator().render(), "run scripts/gen_builtins_index.py"


def test_the_index_names_every_builtin_and_nothing_else() -> None:
    assert set(FAMILIES_OF) == set(BUILTINS)  # listing the table imports every family


@pytest.mark.parametrize("key", sorted(FAMILIES_OF))
def test_the_indexed_families_alone_make_the_full_entry(key: str) -> None:
    list(BUILTINS)  # every family imported
    alone = compose(key, families=frozenset(FAMILIES_OF[key]))
    assert alone is not None
    assert alone == compose(key) == BUILTINS[key]
    assert alone.impls == BUILTINS[key].impls


def test_a_name_outside_the_index_imports_nothing_and_is_no_builtin() -> None:
    assert builtins.lookup("zoho.cliq.postToChannel") is None
    assert builtins.lookup("noSuchFunction") is None
    assert "nosuchfunction" not in BUILTINS


def test_only_a_family_module_may_define() -> None:
    with pytest.raises(ValueError, match="family modules"):
        Family("cliqsim.platform.somewhere").define("zzEvil", "text", (str,), "", "no")(len)
    with pytest.raises(ValueError, match="family modules"):
        Family("elsewhere.text").alias("zzEvil", "length")


_FRESH = """
import json, sys
from cliqsim.deluge import builtins
from cliqsim.deluge.builtins import BUILTINS, compose, lookup
before = {m for m in sys.modules if m.startswith("cliqsim.deluge.builtins.")}
names = ["trim", "toLowerCase", "containKey", "get", "size", "add", "containsKey"]
lazy = {name: lookup(name) for name in names}
loaded = {m for m in sys.modules if m.startswith("cliqsim.deluge.builtins.")} - before
list(BUILTINS)  # now every family
same = all(lazy[name] == compose(name.lower()) and lazy[name].impls == compose(name.lower()).impls
           for name in names)
print(json.dumps({"loaded": sorted(m.rsplit(".", 1)[1] for m in loaded), "same": same}))
"""


def test_a_fresh_process_imports_only_the_families_its_names_need() -> None:
    done = subprocess.run([sys.executable, "-c", _FRESH], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    result = json.loads(done.stdout)
    assert result["same"]
    needed = {family for name in ("trim", "tolowercase", "containkey", "get", "size", "add",
                                  "containskey") for family in FAMILIES_OF[name]}
    assert needed <= set(result["loaded"])
    assert not {"encryption", "xpath", "archives", "files", "business_time"} & set(
        result["loaded"])
