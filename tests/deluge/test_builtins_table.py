"""The built-in table: complete against the reference (§3.4), consistent, and documented."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from cliqsim.deluge.builtins import BUILTINS, lookup

ROOT = Path(__file__).resolve().parents[2]

# Every name reference/cliq-and-deluge.md §3.4 lists, per family.
REFERENCE = {
    "text": "concat contains containsIgnoreCase notContains endsWith endsWithIgnoreCase startsWith "
    "startsWithIgnoreCase equalsIgnoreCase find getAlpha getAlphaNumeric getOccurenceCount "
    "getPrefix getPrefixIgnoreCase getSuffix getSuffixIgnoreCase indexOf lastIndexOf left right "
    "mid leftpad rightpad len length matches proper remove removeAllAlpha removeAllAlphaNumeric "
    "removeFirstOccurence removeLastOccurence replaceAll replaceAllIgnoreCase replaceFirst "
    "replaceFirstIgnoreCase subText substring subString reverse repeat isAscii toList "
    "toLowerCase toUpperCase toMap trim ltrim rtrim toString toDecimal toDate toLong toTime "
    "toJSONList hexToText textToHex isEmpty",
    "list": "add addAll clear contains notContains distinct get indexOf lastIndexOf intersect "
    "isEmpty remove removeAll removeElement size sort subList average largest median nthLargest "
    "nthSmallest smallest toJSONList toList",
    "map": "clear containKey containsKey containValue get isEmpty keys put putAll remove size "
    "toMap toJSONList notContains getJSON",
    "collection": "insert get keys values delete update sort distinct",
    "datetime": "addDay addWeek addMonth addYear addHour addMinutes addSeconds addBusinessDay "
    "addBusinessHour subDay subWeek subMonth subYear subHour subMinutes subSeconds "
    "subBusinessDay getDay getMonth getYear getHour getMinutes getSeconds getDayOfYear "
    "getWeekOfYear getDayOfWeek day month hour minute second weekday daysBetween days360 "
    "hoursBetween monthsBetween yearsBetween workDaysBetween edate eomonth toStartOfMonth "
    "toStartOfWeek totalMonth totalYear unixEpoch workday toDateTimeString isDate",
    "number": "abs ceil floor round sqrt power exp log log10 sin cos tan max min average median "
    "randomNumber toHex toWords isNumber isEven isOdd truncate frac signum",
    "conversion": "toDate toDecimal toJSONList toLong toNumber toString toTime toList toMap toText",
    "logical": "isBlank isEmpty isNull",
    "utilities": "encodeUrl urlEncode urlDecode getJSON base64Encode base64Decode aesEncode "
    "aesDecode getUrl postUrl",
}


@pytest.mark.parametrize("family", sorted(REFERENCE))
def test_every_reference_builtin_is_in_the_table(family: str) -> None:
    missing = [name for name in REFERENCE[family].split() if lookup(name) is None]
    assert not missing, f"{family}: {missing}"


def test_receiver_types_of_shared_names() -> None:
    assert {t.__name__ for t in BUILTINS["get"].impls} >= {"list", "dict", "Collection"}
    assert {t.__name__ for t in BUILTINS["indexof"].impls} >= {"str", "list"}
    assert {t.__name__ for t in BUILTINS["remove"].impls} >= {"str", "list", "dict"}


@pytest.mark.parametrize("key", sorted(BUILTINS))
def test_each_entry_is_consistent(key: str) -> None:
    spec = BUILTINS[key]
    assert key == spec.name.lower()
    assert spec.method or spec.function
    assert spec.max_args is None or spec.min_args <= spec.max_args
    assert spec.forms, "every built-in documents at least one form"
    assert spec.impls, "every built-in has an implementation for some receiver"
    for _impl, low, high in spec.impls.values():
        assert low >= spec.min_args
        assert spec.max_args is None or (high is not None and high <= spec.max_args)
    assert spec.summary


def test_lookup_ignores_case() -> None:
    assert lookup("SUBSTRING") is lookup("subString") is not None
    assert lookup("noSuchFunction") is None


def _generator():  # type: ignore[no-untyped-def]
    path = ROOT / "scripts" / "gen_deluge_docs.py"
    spec = importlib.util.spec_from_file_location("gen_deluge_docs", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_deluge_md_is_generated_from_the_table() -> None:
    committed = (ROOT / "docs" / "deluge.md").read_text(encoding="utf-8")
    assert committed == _generator().render(), "run scripts/gen_deluge_docs.py"


def test_the_docs_list_every_builtin() -> None:
    committed = (ROOT / "docs" / "deluge.md").read_text(encoding="utf-8")
    for spec in BUILTINS.values():
        assert f"`{spec.name}(" in committed, spec.name
