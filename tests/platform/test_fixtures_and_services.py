"""Fixture matching for offline invokeurl, and Cliq database criteria."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cliqsim.deluge.errors import DelugeRuntimeError
from cliqsim.deluge.source import Span
from cliqsim.platform.fixtures import answer, find_fixture, request_parts
from cliqsim.platform.packages import Fixture, Package

SPAN = Span.point(3, 1)


def _package(*fixtures: Fixture) -> Package:
    return Package(id="p", type="command", name="p", dir=Path("."), fixtures=list(fixtures))


GENERIC = Fixture("GET", "https://api.example.com/items*", 200, {"which": "generic"})
SPECIFIC = Fixture("GET", "https://api.example.com/items", 200, {"which": "specific"},
                   query={"type": "bank"})
POSTED = Fixture("POST", "https://api.example.com/items", 201, '{"created": true}')


def test_request_parts_merge_the_query_string_and_parameters() -> None:
    method, base, params = request_parts({
        "url": "https://api.example.com/items?page=2", "type": "get",
        "parameters": {"type": "bank", "open": True}})
    assert (method, base) == ("GET", "https://api.example.com/items")
    assert params == {"page": "2", "type": "bank", "open": "true"}


def test_the_most_specific_fixture_wins() -> None:
    package = _package(GENERIC, SPECIFIC, POSTED)
    assert find_fixture(package, {"url": "https://api.example.com/items",
                                  "parameters": {"type": "bank"}}) is SPECIFIC
    assert find_fixture(package, {"url": "https://api.example.com/items?type=atm"}) is GENERIC
    assert find_fixture(package, {"url": "https://api.example.com/items",
                                  "type": "POST"}) is POSTED
    assert find_fixture(package, {"url": "https://other.example.com/items"}) is None


def test_answers_parse_json_text_and_give_detailed_maps() -> None:
    package = _package(POSTED)
    value, _ = answer(package, {"url": "https://api.example.com/items", "type": "POST"}, SPAN)
    assert value == {"created": True}
    detailed, _ = answer(package, {"url": "https://api.example.com/items", "type": "POST",
                                   "detailed": True}, SPAN)
    assert detailed == {"responseCode": 201, "responseHeader": {},
                        "responseText": '{"created": true}'}


def test_no_match_lists_the_fixtures_and_hides_keys() -> None:
    package = _package(SPECIFIC)
    with pytest.raises(DelugeRuntimeError) as caught:
        answer(package, {"url": "https://api.example.com/items?key=SECRET&type=zoo"}, SPAN)
    message = caught.value.message
    assert "GET https://api.example.com/items?type=zoo has no offline fixture" in message
    assert "SECRET" not in message
    assert "fixtures that exist: GET https://api.example.com/items {'type': 'bank'}" in message
    assert caught.value.line == 3


def test_database_criteria() -> None:
    from cliqsim.platform.services.cliq_databases import _matches
    from cliqsim.platform.services.context import ServiceContext

    nothing: Any = None  # the criteria read no part of the run's world
    ctx = ServiceContext(nothing, nothing, "u_arjun", None, nothing, nothing, nothing, nothing)
    record = {"id": "rec1", "poll": "rec9", "voter": "u_arjun", "votes": 3, "open": True}
    assert _matches(record, "poll==rec9 && voter==u_arjun", SPAN, ctx)
    assert not _matches(record, "poll==rec9 && voter==u_meera", SPAN, ctx)
    assert _matches(record, "voter==u_meera || votes>=3", SPAN, ctx)
    assert _matches(record, 'open==true && voter=="u_arjun"', SPAN, ctx)
    assert _matches(record, "", SPAN, ctx)
    with pytest.raises(DelugeRuntimeError, match="cannot read the criteria"):
        _matches(record, "poll is rec9", SPAN, ctx)
