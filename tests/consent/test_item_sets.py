"""Issue #11, class 1: item sets are identified injectively and compared as sets.

An item's target holds literal text from the code (newlines, `|`, quotes, anything), so neither
an item's key nor a manifest's fingerprint may be built by joining texts with a separator, and a
grant must hold exactly the items the person was shown — never an item set someone else (or a
denial) stored under the same fingerprint.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cliqsim.clock import SimulatedClock
from cliqsim.consent.gate import Allowed, ConsentRequest, Gate
from cliqsim.consent.items import ConsentItem, item_key
from cliqsim.consent.manifest import fingerprint
from cliqsim.consent.store import ConsentStore
from cliqsim.structs import replace

from .conftest import EMAIL, manifest

OPTION_X = ConsentItem("object", "options.x", "user", 'Reads the command option "x"')
ODD = ConsentItem(
    "object", "options.x|user|\nobject|user.email", "user",
    'Reads the command option "x|user|\nobject|user.email"',
)


def test_the_issue_repro_a_denied_item_is_never_used_later(gate: Gate) -> None:
    """Deny {options.x, user.email}; allow the one odd item whose text spells both; the first
    version must still ask (it did not: the fingerprints collided and the deny's items won)."""
    both = manifest(OPTION_X, EMAIL)
    odd = manifest(ODD)
    assert both.fingerprint != odd.fingerprint
    assert OPTION_X.key != ODD.key and EMAIL.key != ODD.key
    gate.deny("u1", both)
    grant = gate.grant("u1", odd)
    assert grant.keys == frozenset({ODD.key})
    assert [item.target for item in grant.items] == [ODD.target]
    decision = gate.check("u1", both)
    assert isinstance(decision, ConsentRequest) and decision.reason == "changed"
    assert decision.diff is not None
    assert {item.key for item in decision.diff.added} == {OPTION_X.key, EMAIL.key}


def test_a_grant_holds_exactly_its_items_after_reopening(tmp_path: Path,
                                                         clock: SimulatedClock) -> None:
    gate = Gate(ConsentStore.in_dir(tmp_path), clock)
    gate.deny("u1", manifest(OPTION_X, EMAIL))
    gate.grant("u1", manifest(ODD))
    reopened = ConsentStore.in_dir(tmp_path).current("u1", "nearby")
    assert reopened is not None
    assert [item.target for item in reopened.items] == [ODD.target]
    assert [item.purpose for item in reopened.items] == [ODD.purpose]


def test_grants_are_never_shared_across_users_or_components(gate: Gate) -> None:
    gate.grant("u1", manifest(EMAIL, component="a"))
    assert isinstance(gate.check("u2", manifest(EMAIL, component="a")), ConsentRequest)
    assert isinstance(gate.check("u1", manifest(EMAIL, component="b")), ConsentRequest)


def test_item_sets_are_compared_as_sets_not_by_fingerprint(gate: Gate) -> None:
    """A grant covers the code when the code's items are a subset of the grant's, whatever
    fingerprint either has; a grant never covers an item it does not hold."""
    gate.grant("u1", manifest(OPTION_X, EMAIL))
    narrower = gate.check("u1", manifest(EMAIL))
    assert isinstance(narrower, Allowed) and narrower.covered == frozenset({EMAIL.key})
    assert isinstance(gate.check("u1", manifest(ODD)), ConsentRequest)


def test_item_purposes_of_another_component_never_show_in_a_grant(gate: Gate) -> None:
    """Same key, different words: each grant keeps the words its own person was shown."""
    worded = ConsentItem("object", "user.email", "user", "Reads your email address (for billing)")
    gate.deny("u1", manifest(worded, component="a"))
    grant = gate.grant("u2", manifest(EMAIL, component="b"))
    assert [item.purpose for item in grant.items] == [EMAIL.purpose]
    stored = ConsentStore(gate.store.path).current("u2", "b")
    assert stored is not None and [item.purpose for item in stored.items] == [EMAIL.purpose]


# ---- the property: arbitrary literal text never makes two different item sets look equal

_TEXT = st.text(
    alphabet=st.sampled_from([*"ab|\n\r\\\"'.:,; ", "\x00", "\u2028"]),
    max_size=12,
)
_ITEM = st.builds(
    ConsentItem,
    kind=st.sampled_from(["object", "task", "api"]),
    target=_TEXT,
    credentials=st.sampled_from(["user", "admin"]),
    purpose=st.just("p"),
    connection=st.one_of(st.none(), _TEXT),
)
_ITEMS = st.lists(_ITEM, max_size=4)


@settings(max_examples=400, deadline=None)
@given(_ITEM, _ITEM)
def test_item_keys_are_injective(one: ConsentItem, two: ConsentItem) -> None:
    same = (one.kind, one.target, one.credentials, one.connection) == (
        two.kind, two.target, two.credentials, two.connection
    )
    assert (one.key == two.key) == same


@settings(max_examples=400, deadline=None)
@given(_ITEMS, _ITEMS)
def test_two_manifests_share_a_fingerprint_only_when_their_item_sets_are_equal(
    one: list[ConsentItem], two: list[ConsentItem]
) -> None:
    def as_set(items: list[ConsentItem]) -> frozenset[tuple[object, ...]]:
        return frozenset(
            (i.kind, i.target, i.credentials, i.connection, i.purpose, i.flagged, i.note)
            for i in items
        )

    assert (fingerprint(one) == fingerprint(two)) == (as_set(one) == as_set(two))
    assert (manifest(*one).keys == manifest(*two).keys) == (
        {(i.kind, i.target, i.credentials, i.connection) for i in one}
        == {(i.kind, i.target, i.credentials, i.connection) for i in two}
    )


@settings(max_examples=200, deadline=None)
@given(_ITEM)
def test_an_items_key_is_worked_out_from_its_identity_wherever_it_is_made(
    item: ConsentItem,
) -> None:
    """The key is computed once when an item is made (the gate reads it on every run): every
    way of making an item gives the key of its four identity parts, never a stale one."""
    expected = item_key(item.kind, item.target, item.credentials, item.connection)
    assert item.key == expected
    assert item.without_locations().key == expected
    assert ConsentItem.from_json(item.to_json()).key == expected
    moved = replace(item, target=item.target + "|x")
    assert moved.key == item_key(item.kind, item.target + "|x", item.credentials,
                                 item.connection)


@settings(max_examples=400, deadline=None)
@given(_ITEMS, _ITEMS)
def test_equal_key_sets_are_exactly_the_empty_diff(
    granted: list[ConsentItem], needed: list[ConsentItem]
) -> None:
    """The gate allows a run without building a diff when the key sets are equal: that is
    the case, and the only case, where the diff is empty."""
    wanted = manifest(*needed)
    assert (wanted.keys == frozenset(item.key for item in granted)) == (
        wanted.diff_from(granted).empty
    )
