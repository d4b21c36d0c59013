"""A request may not ask the site to treat it as another method (docs/consents.md, threat model
class 16). `X-HTTP-Method-Override: DELETE` on a consented `GET` makes Google's APIs (and many
frameworks) perform a DELETE: the consent dialog said "Fetches data from ...". As a redirect
may not turn a POST into a GET (class 9), a method-override header naming another method is
blocked; one naming the request's own method is harmless."""

from __future__ import annotations

import pytest

from cliqsim.deluge.errors import EffectBlocked

from .conftest import MAPS
from .test_guard import LINE_7, guarded


@pytest.mark.parametrize("header", ["X-HTTP-Method-Override", "x-http-method",
                                    " X-Method-Override "])
def test_a_method_override_to_another_method_is_blocked(header: str) -> None:
    blocked: list[str] = []
    host, inner = guarded(MAPS, blocked=blocked)
    request = {"url": "https://maps.googleapis.com/x", "type": "GET", "connection": "gmaps",
               "headers": {header: "delete"}}
    with pytest.raises(EffectBlocked) as caught:
        host.invoke_url(request, LINE_7)
    assert "another method" in caught.value.message
    assert inner.calls == [] and blocked


def test_an_override_naming_the_same_method_is_let_through() -> None:
    host, inner = guarded(MAPS)
    request = {"url": "https://maps.googleapis.com/x", "type": "GET", "connection": "gmaps",
               "headers": {"X-HTTP-Method-Override": "GET"}}
    host.invoke_url(request, LINE_7)
    assert inner.calls == [("url", "https://maps.googleapis.com/x")]
